using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace DefenderIosGen.Tests.Snapshots;

/// <summary>
/// Verify's workflow without its package (not restorable here): the approved output is
/// <c>NAME.verified.json</c> beside the tests; a mismatch writes <c>NAME.received.json</c> and fails with a
/// line diff. Set DEFENDERIOSGEN_ACCEPT=1 to accept received output, except under CI=true, where snapshots
/// are never rewritten. File names follow Verify's, so moving to Verify is a package swap.
/// </summary>
internal static class SnapshotAssert
{
    public const string AcceptVariable = "DEFENDERIOSGEN_ACCEPT";

    public static void Matches(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "verified");
        var verified = Path.Combine(folder, name + ".verified.json");
        var received = Path.Combine(folder, name + ".received.json");
        actual = actual.ReplaceLineEndings("\n");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1" && !inCi)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        var message = new StringBuilder();
        message.Append(expected is null ? "No verified snapshot yet: " : "Snapshot differs: ").Append(verified).Append('\n');
        message.Append("Received output written to ").Append(received).Append('\n');
        message.Append("If the change is intended, review it and accept with ").Append(AcceptVariable).Append("=1 (never under CI).\n");
        if (expected is not null)
        {
            foreach (var line in InlineDiffBuilder.Diff(expected, actual).Lines.Where(l => l.Type != ChangeType.Unchanged).Take(60))
            {
                message.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Text).Append('\n');
            }
        }

        Assert.Fail(message.ToString());
    }
}
