package dev.bgagents.runtime;

import dev.bgagents.project.JobDir;

/**
 * Which jobs this server runs, when several serve one project: a job is run — launched,
 * watched, cancelled, finished — only by the server that holds it. {@link Ownership} holds it
 * with an OS lock that dies with its process.
 */
interface Owners {
    /** True when this server now holds the job (or already did); false when a live server does. */
    boolean acquire(String id, JobDir jobDir);

    boolean owns(String id);

    /** Gives a job up once its end is on record. */
    void release(String id);
}
