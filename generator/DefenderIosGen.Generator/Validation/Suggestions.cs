using System;
using System.Collections.Generic;
using System.Linq;

namespace DefenderIosGen.Generator.Validation;

/// <summary>"Did you mean" hints: the closest candidate by edit distance, when it is close enough to be a typo.</summary>
internal static class Suggestions
{
    public static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(typed.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        var allowed = Math.Max(2, typed.Length / 3);
        return best.Candidate is not null && best.Distance <= allowed ? $"; did you mean '{best.Candidate}'?" : "";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours ("form" → "from" is 1).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
