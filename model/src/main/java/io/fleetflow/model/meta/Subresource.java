package io.fleetflow.model.meta;

/**
 * An operation of one object beyond the entity contract, served by the API at {@code <object
 * path>/<name>} the way a Kubernetes API server serves subresources: a POST sends the object's
 * Update {@code operation} with the request's body (read as {@code body}) and the caller, a GET
 * answers its Query {@code operation}. Declared with the kind, free of Temporal: the gateway serves
 * every declared subresource with one piece of code.
 *
 * @param name the path segment, such as {@code approve} or {@code history}
 * @param verb POST for an Update, GET for a Query
 * @param operation the name of the Update or Query on the object's workflow
 * @param body the type the POST body is read as (an empty body is an empty object), or null for a
 *     GET
 * @param permission which kind of permission it is, which decides the default ClusterRole that
 *     grants it (see {@link io.fleetflow.model.authz.DefaultPolicy})
 */
public record Subresource(
    String name, Verb verb, String operation, Class<?> body, Permission permission) {
  /** How a subresource is called. */
  public enum Verb {
    GET,
    POST,
    /** A PUT of the whole object that sends the Update, as {@code /approval} of a CSR is. */
    PUT
  }

  /**
   * The RBAC verb a call needs, as a Kubernetes API server names the verb of a request: {@code
   * create} for a POST, {@code update} for a PUT, {@code get} for a GET.
   */
  public String rbacVerb() {
    return switch (verb) {
      case POST -> "create";
      case PUT -> "update";
      case GET -> "get";
    };
  }

  /** A POST that sends the Update {@code update} with the body and the caller. */
  public static Subresource update(
      String name, String update, Class<?> body, Permission permission) {
    return new Subresource(name, Verb.POST, update, body, permission);
  }

  /**
   * A PUT that sends the Update {@code update} with the whole object as the body and the caller.
   */
  public static Subresource replace(
      String name, String update, Class<?> body, Permission permission) {
    return new Subresource(name, Verb.PUT, update, body, permission);
  }

  /** A GET that answers the Query {@code query}. */
  public static Subresource query(String name, String query, Permission permission) {
    return new Subresource(name, Verb.GET, query, null, permission);
  }
}
