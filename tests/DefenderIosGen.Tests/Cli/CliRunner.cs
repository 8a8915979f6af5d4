using System.Diagnostics;

namespace DefenderIosGen.Tests.Cli;

/// <summary>Runs the real command-line host as a child process, as a user would.</summary>
internal static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Task<Outcome> RunAsync(string? stdin, params string[] arguments) => RunAsync(stdin, [], arguments);

    public static async Task<Outcome> RunAsync(string? stdin, Dictionary<string, string> environment, string[] arguments)
    {
        using var process = Start(environment, arguments, redirectOutput: true);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the host without waiting; its output is discarded (for runs that are killed).</summary>
    public static Process Start(Dictionary<string, string> environment, string[] arguments, bool redirectOutput = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "defender-iosgen.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child must not inherit the developer's or CI's storage secrets.
        foreach (var variable in new[] { "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN", "AZURE_STORAGE_CONNECTION_STRING" })
        {
            start.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
