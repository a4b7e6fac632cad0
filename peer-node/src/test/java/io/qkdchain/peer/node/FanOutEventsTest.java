package io.qkdchain.peer.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdchain.peer.consensus.ConsensusEvents;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutEventsTest {

  /** Every event of the engine, called through the fan-out with its arguments as given. */
  @Test
  void every_event_reaches_every_listener_even_after_one_throws() throws Exception {
    List<String> heard = new ArrayList<>();
    ConsensusEvents failing = recording(heard, "failing", true);
    ConsensusEvents quiet = recording(heard, "quiet", false);
    FanOutEvents fanOut = new FanOutEvents(List.of(failing, quiet));

    List<Method> events =
        Arrays.stream(ConsensusEvents.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .toList();
    assertThat(events).hasSizeGreaterThan(15);
    for (Method event : events) {
      heard.clear();
      Object[] args = new Object[event.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = placeholder(event.getParameterTypes()[i]);
      }
      event.invoke(fanOut, args);
      assertThat(heard)
          .as(event.getName() + " passed on to every listener")
          .containsExactly("failing:" + event.getName(), "quiet:" + event.getName());
    }
  }

  private static ConsensusEvents recording(List<String> heard, String name, boolean fail) {
    return (ConsensusEvents)
        Proxy.newProxyInstance(
            ConsensusEvents.class.getClassLoader(),
            new Class<?>[] {ConsensusEvents.class},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> name;
                };
              }
              heard.add(name + ":" + method.getName());
              if (fail) {
                throw new IllegalStateException("a listener that fails");
              }
              return null;
            });
  }

  private static Object placeholder(Class<?> type) {
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == boolean.class) {
      return false;
    }
    return null;
  }
}
