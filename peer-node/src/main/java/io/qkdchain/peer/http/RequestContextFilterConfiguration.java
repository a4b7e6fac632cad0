package io.qkdchain.peer.http;

import java.util.List;
import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
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

  @Bean
  FilterRegistrationBean<RequestContextFilter> requestContextFilter() {
    OrderedRequestContextFilter filter = new OrderedRequestContextFilter();
    FilterRegistrationBean<RequestContextFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setServletNames(
        List.of(DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME));
    registration.setOrder(filter.getOrder());
    return registration;
  }
}
