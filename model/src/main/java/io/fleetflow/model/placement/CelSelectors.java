package io.fleetflow.model.placement;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CEL environment of a placement's {@code celSelector}: each expression sees the variable
 * {@code managedCluster} ({@code metadata.name}, {@code metadata.labels}, {@code
 * status.clusterClaims[]{name,value}}, {@code status.allocatable}, {@code status.version}) and must
 * evaluate to a bool. Compiled programs are cached by expression text, since every scheduling round
 * evaluates the same few expressions on every cluster; evaluation is pure, so the scheduler may use
 * it inside workflow code.
 */
public final class CelSelectors {
  /** The variable that names the cluster under test, as in OCM. */
  public static final String VARIABLE = "managedCluster";

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar(VARIABLE, MapType.create(SimpleType.STRING, SimpleType.DYN))
          .setResultType(SimpleType.BOOL)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelSelectors() {}

  /** Returns why the expression does not compile to a bool, or empty when it does. */
  public static Optional<String> problem(String expression) {
    if (expression == null || expression.isBlank()) {
      return Optional.of("an expression must not be empty");
    }
    try {
      COMPILER.compile(expression).getAst();
      return Optional.empty();
    } catch (CelValidationException e) {
      return Optional.of(e.getMessage().replace('\n', ' ').replaceAll(" +", " ").trim());
    }
  }

  /**
   * Evaluates the expression on a cluster given as the map {@code managedCluster}. An expression
   * that fails at run time (a missing key, say) does not match, as in OCM.
   */
  public static boolean matches(String expression, Map<String, Object> managedCluster) {
    CelRuntime.Program program = PROGRAMS.computeIfAbsent(expression, CelSelectors::program);
    if (program == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(program.eval(Map.of(VARIABLE, managedCluster)));
    } catch (CelEvaluationException e) {
      return false;
    }
  }

  /**
   * Builds the {@code managedCluster} variable from a cluster's name, labels, claims and
   * allocatable resources.
   */
  public static Map<String, Object> cluster(
      String name,
      Map<String, String> labels,
      Map<String, String> claims,
      Map<String, String> allocatable) {
    List<Map<String, Object>> claimList =
        claims.entrySet().stream()
            .map(e -> Map.<String, Object>of("name", e.getKey(), "value", e.getValue()))
            .toList();
    return Map.of(
        "metadata",
        Map.of("name", name, "labels", labels),
        "status",
        Map.of("clusterClaims", claimList, "allocatable", allocatable));
  }

  private static CelRuntime.Program program(String expression) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      return null;
    }
  }
}
