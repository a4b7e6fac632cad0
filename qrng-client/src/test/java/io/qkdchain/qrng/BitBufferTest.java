package io.qkdchain.qrng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BitBufferTest {

  @Test
  void bits_come_out_most_significant_first_across_byte_boundaries() {
    BitBuffer buffer = new BitBuffer();
    buffer.append(new byte[] {(byte) 0b1011_0011, (byte) 0b0101_1100});

    assertThat(buffer.take(3)).isEqualTo(0b101);
    assertThat(buffer.take(7)).isEqualTo(0b1_0011_01);
    assertThat(buffer.take(6)).isEqualTo(0b01_1100);
    assertThat(buffer.availableBits()).isZero();
  }

  @Test
  void appended_bytes_queue_behind_the_unread_ones() {
    BitBuffer buffer = new BitBuffer();
    buffer.append(new byte[] {(byte) 0xAB, (byte) 0xCD});
    assertThat(buffer.take(4)).isEqualTo(0xA);

    buffer.append(new byte[] {(byte) 0xEF});

    assertThat(buffer.availableBits()).isEqualTo(20);
    assertThat(buffer.take(20)).isEqualTo(0xBCDEF);
  }

  @Test
  void thirty_one_bits_can_be_taken_at_once() {
    BitBuffer buffer = new BitBuffer();
    buffer.append(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x00});
    buffer.take(1);

    assertThat(buffer.take(31)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void taking_more_than_is_buffered_is_an_error() {
    BitBuffer buffer = new BitBuffer();
    buffer.append(new byte[] {1});

    assertThatThrownBy(() -> buffer.take(9))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only 8 buffered");
  }
}
