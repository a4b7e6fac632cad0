package io.qkdchain.peer.api;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The client API's write routes, as plain servlets beside Spring MVC's dispatcher. An exact mapping
 * wins over the dispatcher's {@code /}, so {@code GET /api/v1/transactions/{id}} and the other
 * reads stay with the MVC controllers.
 */
@Configuration(proxyBeanMethods = false)
class ClientApiServlets {

  static final String SUBMIT = "/api/v1/transactions";
  static final String ORIGINAL_SUBMIT = "/receive-transaction";

  @Bean
  ServletRegistrationBean<TransactionSubmitServlet> submitServlet(
      TransactionIntake intake, ApiLimits limits) {
    return registration(new TransactionSubmitServlet(intake, limits, SUBMIT, "data"), SUBMIT);
  }

  /** The original MVP's route, kept for its clients; the body field is {@code transaction}. */
  @Bean
  ServletRegistrationBean<TransactionSubmitServlet> originalSubmitServlet(
      TransactionIntake intake, ApiLimits limits) {
    return registration(
        new TransactionSubmitServlet(intake, limits, ORIGINAL_SUBMIT, "transaction"),
        ORIGINAL_SUBMIT);
  }

  private static ServletRegistrationBean<TransactionSubmitServlet> registration(
      TransactionSubmitServlet servlet, String path) {
    ServletRegistrationBean<TransactionSubmitServlet> registration =
        new ServletRegistrationBean<>(servlet, path);
    registration.setName("submit:" + path);
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(1);
    return registration;
  }
}
