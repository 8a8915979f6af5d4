using DefenderIosGen.Generator.Model;
using DefenderIosGen.Generator.Parsing;

namespace DefenderIosGen.Generator.Tests;

/// <summary>Every row of the seed's UDM mapping table (copied into seed/) must be expressed by a rule in rules/mappings.</summary>
public sealed class SeedCoverageTests
{
    public static TheoryData<string, string> SeedRows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "seed", "udm-mapping-table.csv")).Skip(1))
        {
            if (line.Length > 0)
            {
                var columns = line.Split(',');
                rows.Add(columns[0], columns[1]);
            }
        }

        return rows;
    }

    private static readonly Lazy<List<RuleFileModel>> Files = new(() =>
        Directory.GetFiles(RepositoryFiles.PathOf("rules/mappings"), "*.yaml")
            .Select(f => RuleFileParser.Parse(f, File.ReadAllText(f)))
            .ToList());

    [Fact]
    public void The_seed_table_has_all_92_rows()
    {
        Assert.Equal(92, SeedRows().Count);
    }

    [Fact]
    public void The_rule_files_parse_cleanly()
    {
        Assert.All(Files.Value, f => Assert.Empty(f.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(SeedRows))]
    public void Each_seed_row_has_a_rule(string logField, string udmField)
    {
        var target = udmField == "additional.fields" ? "additional" : udmField;
        var rules = Files.Value.SelectMany(f => f.Rules)
            .Where(r => (r.Target.Path == "additional.fields" ? "additional" : r.Target.Path) == target)
            .ToList();
        Assert.True(rules.Count > 0, $"no rule writes {udmField} (seed row {logField})");

        if (logField.StartsWith("has_", StringComparison.Ordinal))
        {
            Assert.Contains(Files.Value.SelectMany(f => f.Flags), f => f.Name == logField);
            Assert.Contains(rules, r => r.Cases.Any(c => c.Tests.Any(t => t.Name == logField)));
        }
        else if (logField == udmField)
        {
            Assert.Contains(rules, r => r.Construct == ValueConstruct.Const);
        }
        else
        {
            Assert.Contains(rules, r => ReadsField(r, logField));
        }
    }

    /// <summary>A rule reads a column when a source, a format placeholder or a condition names it (SPF &amp; co. live inside AuthenticationDetails).</summary>
    private static bool ReadsField(RuleModel rule, string logField)
    {
        bool Names(string path) => path == logField || (!logField.Contains('.', StringComparison.Ordinal) && path.EndsWith("." + logField, StringComparison.Ordinal));
        return rule.Sources.Any(s => Names(s.Path.Path))
            || rule.Guard.Any(c => c.Field is not null && Names(c.Field.Path))
            || (rule.Construct == ValueConstruct.Format && rule.Text!.Contains("%{" + logField + "}", StringComparison.Ordinal));
    }
}
