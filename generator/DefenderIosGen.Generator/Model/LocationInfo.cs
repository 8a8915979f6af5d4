using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DefenderIosGen.Generator.Model;

/// <summary>
/// Where a YAML node stands in its file, kept as plain values (a Roslyn <see cref="Location"/> is not
/// equatable across runs and would defeat caching). Lines and columns are 0-based, as in Roslyn.
/// </summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));

    /// <summary>The place as people read it in build output: file(line,column), 1-based.</summary>
    public string Display => $"{FilePath}({StartLine + 1},{StartColumn + 1})";

    public static LocationInfo StartOfFile(string path) => new(path, 0, 0, 0, 0, 0, 0);
}
