using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static DefenderIosGen.Generator.Tests.GeneratorHarness;

namespace DefenderIosGen.Generator.Tests;

/// <summary>Edits that do not touch the rules must not re-run parsing, validation or emission.</summary>
public sealed class IncrementalityTests
{
    private static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void An_unrelated_source_edit_leaves_every_step_cached()
    {
        var first = Execute(CreateDriver([Catalog(), .. RepositoryRules()]), BaseCompilation());
        var edited = BaseCompilation().AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere; internal static class Unrelated { }", cancellationToken: TestContext.Current.CancellationToken));
        var second = Execute(first.Driver, edited);

        var steps = second.Result.Results.Single().TrackedSteps;
        foreach (var name in new[] { TrackingNames.RuleFiles, TrackingNames.Catalog, TrackingNames.Validation, TrackingNames.Spec, TrackingNames.Diagnostics })
        {
            Assert.True(steps.ContainsKey(name), $"step {name} not tracked");
            Assert.All(steps[name].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, Reused));
        }

        var outputs = second.Result.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, Reused));
    }

    [Fact]
    public void Editing_one_rule_file_reparses_only_that_file()
    {
        var files = new List<AdditionalText> { Catalog(), Rules("a.yaml", "rules:\n  - to: principal.hostname\n    from: properties.DeviceName\n"), Rules("b.yaml", "rules:\n  - to: target.url\n    from: properties.RemoteUrl\n") };
        var driver = CreateDriver(files);
        var first = Execute(driver, BaseCompilation());
        var replacement = Rules("b.yaml", "rules:\n  - to: target.url\n    from: properties.Url\n");
        var second = Execute(first.Driver.ReplaceAdditionalText(files[2], replacement), BaseCompilation());

        var parsed = second.Result.Results.Single().TrackedSteps[TrackingNames.RuleFiles].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, parsed.Count);
        Assert.Single(parsed, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(parsed, o => o.Reason == IncrementalStepRunReason.Unchanged || o.Reason == IncrementalStepRunReason.Cached);
        Assert.All(second.Result.Results.Single().TrackedSteps[TrackingNames.Catalog].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, Reused));
    }
}
