package io.qkdchain.peer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.auth.AuthRejections.Reason;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiKeyFilterTest {

  private static final String KEY = "correct-horse-battery-staple";

  private final AuthRejections rejections = new AuthRejections(Clock.systemUTC());

  @Test
  void writes_need_the_key_and_reads_stay_open_by_default() throws Exception {
    ApiKeyFilter filter = new ApiKeyFilter(KEY, false, rejections);
    assertThat(call(filter, "POST", "/api/v1/transactions", null).getStatus()).isEqualTo(401);
    assertThat(call(filter, "POST", "/receive-transaction", "wrong").getStatus()).isEqualTo(401);
    assertThat(call(filter, "POST", "/api/v1/transactions", KEY).getStatus()).isEqualTo(200);
    assertThat(call(filter, "GET", "/api/v1/blocks", null).getStatus()).isEqualTo(200);
    assertThat(rejections.count(Reason.MISSING_API_KEY)).isEqualTo(1);
    assertThat(rejections.count(Reason.WRONG_API_KEY)).isEqualTo(1);
  }

  @Test
  void the_refusal_is_the_client_api_error_shape() throws Exception {
    MockHttpServletResponse response =
        call(new ApiKeyFilter(KEY, false, rejections), "POST", "/api/v1/transactions", KEY + "x");
    assertThat(response.getContentType()).startsWith("application/json");
    assertThat(response.getContentAsString())
        .contains("\"reason\":\"UNAUTHORIZED\"")
        .contains("\"error\":")
        .doesNotContain(KEY);
  }

  @Test
  void protect_reads_closes_the_reads_too_but_never_health_or_the_peer_routes() throws Exception {
    ApiKeyFilter filter = new ApiKeyFilter(KEY, true, rejections);
    assertThat(call(filter, "GET", "/api/v1/blocks", null).getStatus()).isEqualTo(401);
    assertThat(call(filter, "GET", "/api/v1/blocks", KEY).getStatus()).isEqualTo(200);
    assertThat(call(filter, "GET", "/actuator/health", null).getStatus()).isEqualTo(200);
    assertThat(call(filter, "POST", "/peer/v1/messages", null).getStatus()).isEqualTo(200);
    assertThat(call(filter, "GET", "/index.html", null).getStatus()).isEqualTo(200);
  }

  private static MockHttpServletResponse call(
      ApiKeyFilter filter, String method, String path, String key) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    if (key != null) {
      request.addHeader(ApiKeyFilter.HEADER, key);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }
}
