package dev.bgagents.git;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;

import java.io.File;
import java.io.OutputStream;

/**
 * The file system JGit sees in every repository the server opens: hooks are never found and never
 * run. JGit runs {@code post-commit} even with {@code setNoVerify}, as the server's user and
 * outside any sandbox; a hook an agent planted (or pointed {@code core.hooksPath} at) must not
 * run because the server committed the agent's leftovers or merged its branch.
 */
final class NoHooks extends FS_POSIX {
    static final FS FS = new NoHooks();

    private NoHooks() {
        super();
    }

    private NoHooks(FS src) {
        super(src);
    }

    @Override
    public FS newInstance() {
        return new NoHooks(this);
    }

    @Override
    public File findHook(Repository repository, String hookName) {
        return null;
    }

    @Override
    public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] args,
                                          OutputStream outRedirect, OutputStream errRedirect, String stdinArgs) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }
}
