package io.fleetflow.model.work;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkSpec.ConditionRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OCM's condition rules with CEL: the expressions of a rule see the resource as {@code object} and
 * must all be true for the condition to be {@code True}; a {@code messageExpression} also sees
 * {@code result}. {@code hasConditions(object.status)} tells whether a status has any conditions,
 * as in OCM. The gateway compiles every expression ({@link #problem}) so that a typo is refused
 * before the work is stored; the agent evaluates them ({@link #evaluate}).
 */
public final class CelConditionRules {
  /** Reasons OCM gives a condition computed by a rule. */
  public static final String EVALUATED = "ConditionRuleEvaluated";

  public static final String EXPRESSION_ERROR = "ConditionRuleExpressionError";
  public static final String INVALID = "ConditionRuleInvalid";

  private static final String HAS_CONDITIONS = "hasConditions";
  private static final CelFunctionDecl HAS_CONDITIONS_DECL =
      CelFunctionDecl.newFunctionDeclaration(
          HAS_CONDITIONS,
          CelOverloadDecl.newGlobalOverload(
              "status_has_conditions", SimpleType.BOOL, SimpleType.DYN));
  private static final CelCompiler EXPRESSIONS =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addFunctionDeclarations(HAS_CONDITIONS_DECL)
          .build();
  private static final CelCompiler MESSAGES =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addVar("result", SimpleType.BOOL)
          .addFunctionDeclarations(HAS_CONDITIONS_DECL)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addFunctionBindings(
              CelFunctionBinding.from(
                  "status_has_conditions", Object.class, CelConditionRules::hasConditions))
          .build();

  /** OCM's well-known Complete rules: a Job that completed or failed, a Pod that ended. */
  private static final Map<String, ConditionRule> WELL_KNOWN_COMPLETE =
      Map.of(
          "batch/Job",
          new ConditionRule(
              ConditionRule.COMPLETE,
              ConditionRule.CEL,
              List.of(
                  "hasConditions(object.status) ? object.status.conditions.filter(c, c.type =="
                      + " 'Complete' || c.type == 'Failed').exists(c, c.status == 'True') :"
                      + " false"),
              null,
              "result ? \"Job is finished\" : \"Job is not finished\""),
          "/Pod",
          new ConditionRule(
              ConditionRule.COMPLETE,
              ConditionRule.CEL,
              List.of("object.status.phase in ['Succeeded', 'Failed']"),
              null,
              "\"Pod is in phase \" + object.status.phase"));

  private CelConditionRules() {}

  /**
   * Returns why an expression does not compile, or empty when it does.
   *
   * @param message true for a {@code messageExpression}, which may also use {@code result}
   */
  public static Optional<String> problem(String expression, boolean message) {
    CelValidationResult result = (message ? MESSAGES : EXPRESSIONS).compile(expression);
    return result.hasError() ? Optional.of(result.getErrorString()) : Optional.empty();
  }

  /**
   * Returns true when the well-known condition rules know the condition for the kind; OCM's only
   * one is {@code Complete} for {@code batch} Jobs and core Pods.
   */
  public static boolean isWellKnown(String group, String kind, String condition) {
    return WELL_KNOWN_COMPLETE.containsKey(group + "/" + kind)
        && (condition == null || condition.isEmpty() || ConditionRule.COMPLETE.equals(condition));
  }

  /**
   * Evaluates a rule against a resource and returns the condition it gives, without times.
   *
   * @param group the resource's API group, for well-known rules
   * @param kind the resource's kind, for well-known rules
   * @param object the resource as nested maps and lists, as read from the cluster
   */
  public static Condition evaluate(
      ConditionRule rule, String group, String kind, Map<String, Object> object) {
    ConditionRule effective = rule;
    if (ConditionRule.WELL_KNOWN_CONDITIONS.equals(rule.type())) {
      ConditionRule known = WELL_KNOWN_COMPLETE.get(group + "/" + kind);
      if (known == null || !isWellKnown(group, kind, rule.condition())) {
        return Conditions.of(
            rule.condition() == null ? ConditionRule.COMPLETE : rule.condition(),
            Conditions.UNKNOWN,
            INVALID,
            "there is no well-known condition "
                + rule.condition()
                + " for "
                + (group.isEmpty() ? "" : group + "/")
                + kind
                + "; OCM knows Complete for batch/Job and Pod");
      }
      effective =
          new ConditionRule(
              known.condition(),
              ConditionRule.CEL,
              known.celExpressions(),
              rule.message() != null ? rule.message() : known.message(),
              rule.messageExpression() != null
                  ? rule.messageExpression()
                  : known.messageExpression());
    }
    Map<String, Object> variables = Map.of("object", normalize(object));
    boolean result = true;
    for (String expression : effective.celExpressions()) {
      try {
        Object out = run(EXPRESSIONS, expression, variables);
        if (!(out instanceof Boolean b)) {
          return Conditions.of(
              effective.condition(),
              Conditions.FALSE,
              EXPRESSION_ERROR,
              "expected a bool result from \"" + expression + "\", got " + describe(out));
        }
        if (!b) {
          result = false;
          break;
        }
      } catch (CelValidationException | CelEvaluationException e) {
        return Conditions.of(
            effective.condition(), Conditions.FALSE, EXPRESSION_ERROR, e.getMessage());
      }
    }
    return Conditions.of(
        effective.condition(),
        result ? Conditions.TRUE : Conditions.FALSE,
        EVALUATED,
        message(effective, variables, result));
  }

  private static String message(ConditionRule rule, Map<String, Object> variables, boolean result) {
    if (rule.messageExpression() != null && !rule.messageExpression().isEmpty()) {
      Map<String, Object> withResult = new LinkedHashMap<>(variables);
      withResult.put("result", result);
      try {
        Object out = run(MESSAGES, rule.messageExpression(), withResult);
        if (out instanceof String s && !s.isEmpty()) {
          return s;
        }
      } catch (CelValidationException | CelEvaluationException e) {
        return e.getMessage();
      }
    }
    if (rule.message() != null && !rule.message().isEmpty()) {
      return rule.message();
    }
    return result ? "Manifest is " + rule.condition() : "Manifest is not " + rule.condition();
  }

  private static Object run(CelCompiler compiler, String expression, Map<String, Object> variables)
      throws CelValidationException, CelEvaluationException {
    CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
    return RUNTIME.createProgram(ast).eval(variables);
  }

  private static Object hasConditions(Object status) {
    return status instanceof Map<?, ?> map
        && map.get("conditions") instanceof List<?> list
        && !list.isEmpty();
  }

  private static String describe(Object out) {
    return out == null ? "null" : out.getClass().getSimpleName() + " " + out;
  }

  /** CEL's Java runtime knows Long and Double, where JSON readers give Integer and Float. */
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof java.math.BigInteger b) {
      return b.longValue();
    }
    if (value instanceof java.math.BigDecimal d) {
      return d.doubleValue();
    }
    return value;
  }
}
