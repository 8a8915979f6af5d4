namespace DefenderIosGen.Cli;

/// <summary>One input of `map`: a file, or stdin when the path is "-".</summary>
public sealed record MapInput(string Name, bool IsStdin);

/// <summary>Expands the PATH arguments of `map`: files as given, folders to every *.json / *.jsonl below them in path order.</summary>
public static class InputPaths
{
    public static List<MapInput> Expand(IEnumerable<string> paths, out string? error)
    {
        var inputs = new List<MapInput>();
        error = null;
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(new MapInput("-", IsStdin: true));
            }
            else if (Directory.Exists(path))
            {
                inputs.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .Select(f => new MapInput(f, IsStdin: false)));
            }
            else if (File.Exists(path))
            {
                inputs.Add(new MapInput(path, IsStdin: false));
            }
            else
            {
                error = $"no such file or folder: {path}";
                return [];
            }
        }

        return inputs;
    }
}
