package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.function.Function;

/**
 * How the objects of a derived kind are read: they are not stored, but answered by the objects of
 * another kind ({@code source}) through one of their Queries, which returns an array of them. A
 * PlacementDecision is answered by its Placement, so the two never disagree. Derived kinds are
 * read-only.
 *
 * @param source the kind whose objects answer
 * @param query the Query of the source that returns the derived objects
 * @param sourceName the name of the source object that answers for a derived object of this name,
 *     or null when no source object can
 * @param order the order in which a list shows them
 * @param <T> the derived kind's type
 */
public record Derivation<T extends HasMetadata>(
    ResourceKind<? extends HasMetadata> source,
    String query,
    Function<String, String> sourceName,
    Comparator<T> order) {}
