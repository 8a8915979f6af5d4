namespace DefenderIosGen.Tests;

/// <summary>The sample export shipped in tests/samples: one folder per container, either naming and layout.</summary>
internal static class SampleFiles
{
    public static string Folder => RepositoryFiles.PathOf("tests/samples");

    /// <summary>The files of a table's container, whichever of the two container namings it uses.</summary>
    public static IEnumerable<string> ForTable(string table)
    {
        var lower = table.ToLowerInvariant();
        return Directory.GetDirectories(Folder)
            .Where(d => Path.GetFileName(d) == lower || Path.GetFileName(d) == "insights-logs-advancedhunting-" + lower)
            .SelectMany(d => Directory.GetFiles(d, "*.json", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
    }

    public static IEnumerable<string> AllRecordLines() =>
        Directory.GetFiles(Folder, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(l => l.Length > 0);
}
