package io.qkdchain.peer.http;

import java.util.List;
import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.RequestContextFilter;

/**
 * Spring MVC's request-context filter, for the MVC dispatcher only. The plain servlets of the hot
 * routes (peer messages, transaction submission) use no request-scoped beans, so their requests
 * skip the filter's pass (docs/performance.md, eleventh session). Spring Boot registers its own for
 * every route unless a registration of this filter exists.
 */
@Configuration(proxyBeanMethods = false)
class RequestContextFilterConfiguration {

  /** The name Spring Boot gives its {@code DispatcherServlet} registration. */
  static final String DISPATCHER_SERVLET = "dispatcherServlet";

  @Bean
  FilterRegistrationBean<RequestContextFilter> requestContextFilter() {
    OrderedRequestContextFilter filter = new OrderedRequestContextFilter();
    FilterRegistrationBean<RequestContextFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setServletNames(List.of(DISPATCHER_SERVLET));
    registration.setOrder(filter.getOrder());
    return registration;
  }
}
