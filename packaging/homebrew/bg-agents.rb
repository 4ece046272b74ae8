# Homebrew formula for bg-agents: the release's jar and a launcher with the server's JVM flags.
# For a tap (bg-agents/homebrew-tap): brew install bg-agents/tap/bg-agents
# packaging/pin-release writes the version and the SHA-256 here.
class BgAgents < Formula
  desc "MCP server: coding-agent CLIs in the background, each in its own git worktree"
  homepage "https://github.com/bg-agents/bg-agents"
  url "https://github.com/bg-agents/bg-agents/releases/download/v0.1.0/bg-agents-0.1.0.jar"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license "Apache-2.0"

  depends_on "openjdk@17"

  def install
    libexec.install "bg-agents-#{version}.jar" => "bg-agents.jar"
    # the flags of plugin/bin/jvm.options (a test checks they are the same)
    bin.write_jar_script libexec/"bg-agents.jar", "bg-agents",
      "-Xlog:disable -Xlog:all=warning:stderr -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx256m",
      java_version: "17"
  end

  test do
    assert_match "providers", shell_output("#{bin}/bg-agents doctor 2>&1", 1)
  end
end
