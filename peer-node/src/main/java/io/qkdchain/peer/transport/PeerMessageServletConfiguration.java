package io.qkdchain.peer.transport;

import io.qkdchain.peer.wire.PeerMessageCodec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Maps {@link PeerMessagesServlet} to the message routes, beside Spring MVC's dispatcher. */
@Configuration(proxyBeanMethods = false)
class PeerMessageServletConfiguration {

  @Bean
  ServletRegistrationBean<PeerMessagesServlet> peerMessagesServlet(
      PeerMessageCodec codec,
      InboundMessages inbound,
      PeerAuthenticator authenticator,
      InboundLimits limits) {
    List<String> routes = new ArrayList<>(PeerMessagesServlet.SINGLE_ROUTES.keySet());
    routes.add(PeerMessagesServlet.BATCH);
    ServletRegistrationBean<PeerMessagesServlet> registration =
        new ServletRegistrationBean<>(
            new PeerMessagesServlet(codec, inbound, authenticator, limits),
            routes.toArray(String[]::new));
    registration.setName("peer-messages");
    registration.setLoadOnStartup(1);
    return registration;
  }
}
