using Microsoft.CodeAnalysis;

namespace DefenderIosGen.Generator.Tests;

/// <summary>An expected diagnostic: ID, file name, 1-based line and column, and a part of its message.</summary>
internal sealed record Expected(string Id, string File, int Line, int Column, string MessagePart);

internal static class DiagnosticAssert
{
    /// <summary>Every reported diagnostic must be expected, and every expected one reported: none goes unasserted.</summary>
    public static void Exactly(IEnumerable<Diagnostic> actual, params Expected[] expected)
    {
        var reported = actual
            .Select(d => (Diagnostic: d, Span: d.Location.GetLineSpan()))
            .Select(d => new
            {
                d.Diagnostic.Id,
                File = Path.GetFileName(d.Span.Path),
                Line = d.Span.StartLinePosition.Line + 1,
                Column = d.Span.StartLinePosition.Character + 1,
                Message = d.Diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            })
            .ToList();
        var unmatched = reported.ToList();
        foreach (var e in expected)
        {
            var match = unmatched.FirstOrDefault(r => r.Id == e.Id && r.File == e.File && r.Line == e.Line && r.Column == e.Column && r.Message.Contains(e.MessagePart, StringComparison.Ordinal));
            Assert.True(match is not null, $"expected {e} among:\n{string.Join("\n", reported)}");
            unmatched.Remove(match!);
        }

        Assert.True(unmatched.Count == 0, "diagnostics not asserted:\n" + string.Join("\n", unmatched));
    }
}
