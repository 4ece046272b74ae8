package dev.bgagents.orchestration.core;

import dev.bgagents.orchestration.api.Merging;

import java.util.concurrent.CompletableFuture;

/**
 * A merge that, when it would conflict, has an agent resolve the conflict in the job's worktree and
 * tries again, for a few rounds (the conflicts room answers): what merge_worktree {resolve: true}
 * does, and what a plan's merge asks for one task at a time.
 */
public interface ResolvingMerge {

    /**
     * @param now     what happened at once: merged, refused (nothing changed), or refused with its
     *                conflicts being resolved ({@link Merging.Outcome#resolving} names the job)
     * @param settled completes once the merge landed or was finally refused: {@code now} itself when
     *                nothing was left to resolve, else when the resolving job ends
     */
    record Resolving(Merging.Outcome now, CompletableFuture<Merging.Outcome> settled) {
    }

    /** Merges as {@code request} asks, resolving conflicts when it says so (or the config does). */
    Resolving merge(Merging.Request request, boolean resolve);
}
