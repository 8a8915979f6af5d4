using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;

[assembly: AssemblyFixture(typeof(DefenderIosGen.Tests.Integration.AzuriteFixture))]

namespace DefenderIosGen.Tests.Integration;

/// <summary>
/// The real Azure Storage emulator for the integration tests: installed from tests/azurite (pinned in its
/// package.json and lock file) when missing, started on a free loopback port with in-memory storage, and
/// stopped when the test run ends, whether tests pass or fail.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The emulator's published development account (documented by Microsoft; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}/{AccountName}/";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    public BlobServiceClient Client() => new(ConnectionString);

    public async ValueTask InitializeAsync()
    {
        var folder = RepositoryFiles.PathOf("tests/azurite");
        var main = Path.Combine(folder, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(main))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder);
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[] { main, "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start node");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Port == 0)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("Azurite exited: " + await _process.StandardError.ReadToEndAsync(timeout.Token));
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                Port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        // Keep draining its output so that Azurite never blocks on a full pipe.
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    private static async Task RunAsync(string file, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed in {folder}:\n{await output}\n{await error}");
        }
    }

    [GeneratedRegex(@"listens on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
