package io.qkdchain.peer.dashboard;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The client API's OpenAPI document (springdoc, {@code /v3/api-docs}, Swagger UI at {@code
 * /swagger-ui/index.html}). The transaction submit routes are a plain servlet and the block routes
 * write pre-encoded JSON, so springdoc cannot see those: they are described here, following
 * docs/api.md.
 */
@Configuration(proxyBeanMethods = false)
public class ClientApiDocs {

  @Bean
  OpenAPI qkdchainOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("qkdchain peer client API")
                .version("v1")
                .description(
                    "Submit transactions, read the chain, follow rounds. Every peer serves the"
                        + " same API; see docs/api.md."));
  }

  @Bean
  OpenApiCustomizer clientApiShapes() {
    return api -> {
      if (api.getPaths() == null) {
        return;
      }
      submit(api, "/api/v1/transactions", "data", "submitTransaction");
      submit(api, "/receive-transaction", "transaction", "receiveTransaction");
      answer(api.getPaths().get("/api/v1/blocks"), new ArraySchema().items(block()));
      answer(api.getPaths().get("/api/v1/blocks/{index}"), block());
    };
  }

  private static void submit(OpenAPI api, String route, String field, String operationId) {
    PathItem path = api.getPaths().computeIfAbsent(route, missing -> new PathItem());
    Operation post =
        new Operation()
            .operationId(operationId)
            .addTagsItem("transactions")
            .summary("Submit a transaction")
            .addParametersItem(
                new QueryParameter()
                    .name("wait")
                    .description("hold the answer until the commit or the wait timeout")
                    .schema(new BooleanSchema()._default(false)))
            .responses(new ApiResponses());
    path.post(post);
    Schema<?> schema =
        new ObjectSchema()
            .addProperty(field, new StringSchema().description("the transaction text (UTF-8)"))
            .required(List.of(field));
    post.requestBody(
        new RequestBody()
            .required(true)
            .content(
                new Content()
                    .addMediaType(
                        org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(schema))));
    post.getResponses()
        .addApiResponse("202", json("Recorded durably; not yet committed", status()))
        .addApiResponse("200", json("Committed (with ?wait=true)", status()))
        .addApiResponse("400", json("Malformed, empty or invalid text", error()))
        .addApiResponse("401", json("API key missing or wrong (when one is set)", error()))
        .addApiResponse("413", json("Over the size limit", error()))
        .addApiResponse("503", json("Pool full or consensus not running", error()));
  }

  private static void answer(PathItem path, Schema<?> schema) {
    if (path == null || path.getGet() == null) {
      return;
    }
    path.getGet()
        .getResponses()
        .addApiResponse("200", json("Block JSON (docs/messages.md)", schema));
  }

  private static ApiResponse json(String description, Schema<?> schema) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                    new MediaType().schema(schema)));
  }

  private static Schema<?> status() {
    return new ObjectSchema()
        .addProperty("id", new StringSchema())
        .addProperty("status", new StringSchema()._enum(List.of("PENDING", "COMMITTED")))
        .addProperty("blockIndex", new IntegerSchema().format("int64"));
  }

  private static Schema<?> error() {
    return new ObjectSchema()
        .addProperty("error", new StringSchema())
        .addProperty("reason", new StringSchema());
  }

  private static Schema<?> block() {
    return new ObjectSchema()
        .addProperty("index", new IntegerSchema().format("int64"))
        .addProperty("previousBlockHash", new StringSchema())
        .addProperty("data", new StringSchema())
        .addProperty("timestamp", new IntegerSchema().format("int64"))
        .addProperty("hash", new StringSchema())
        .addProperty(
            "transactions",
            new ArraySchema()
                .items(
                    new ObjectSchema()
                        .addProperty("id", new StringSchema())
                        .addProperty("data", new StringSchema())))
        .addProperty(
            "commit",
            new ObjectSchema()
                .description(
                    "How the serving peer decided the block: the round, and the members whose Lock"
                        + " votes it counted directly. Information only: it proves nothing to a"
                        + " third party")
                .addProperty("height", new IntegerSchema().format("int64"))
                .addProperty("view", new IntegerSchema().format("int32"))
                .addProperty("lockedBy", new ArraySchema().items(new StringSchema())));
  }
}
