using Microsoft.CodeAnalysis;
using static DefenderIosGen.Generator.Tests.GeneratorHarness;

namespace DefenderIosGen.Generator.Tests;

public sealed class GeneratedCodeTests
{
    [Fact]
    public void The_repository_rules_generate_a_mapper_that_compiles_without_warnings()
    {
        var run = Execute([Catalog(), .. RepositoryRules()]);
        DiagnosticAssert.Exactly(run.GeneratorDiagnostics);
        var tree = Assert.Single(run.Result.GeneratedTrees);
        Assert.EndsWith("UdmMapper.g.cs", tree.FilePath, StringComparison.Ordinal);
        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Generated_reader_matches_property_names_as_utf8_without_strings()
    {
        var source = Execute([Catalog(), .. RepositoryRules()]).Result.GeneratedTrees.Single().ToString();
        Assert.Contains("SequenceEqual(name, \"DeviceName\"u8)", source, StringComparison.Ordinal);
        Assert.DoesNotContain("GetString()", source, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonDocument", source, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonNode", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_fields_follow_the_proto_order_whatever_the_rule_order()
    {
        var forward = "rules:\n  - to: principal.hostname\n    from: a\n  - to: principal.ip\n    merge: [b]\n";
        var backward = "rules:\n  - to: principal.ip\n    merge: [b]\n  - to: principal.hostname\n    from: a\n";
        string WriterOf(string yaml)
        {
            var source = Execute([Catalog(), Rules("r.yaml", yaml)]).Result.GeneratedTrees.Single().ToString();
            return source[source.IndexOf("protected override void WriteEvent", StringComparison.Ordinal)..];
        }

        var writer = WriterOf(forward);
        Assert.True(writer.IndexOf("s_name_hostname", StringComparison.Ordinal) < writer.IndexOf("s_name_ip", StringComparison.Ordinal));
        Assert.Equal(writer.Replace("0", "").Replace("1", ""), WriterOf(backward).Replace("0", "").Replace("1", ""));
    }
}
