using Microsoft.CodeAnalysis;
using static DefenderIosGen.Generator.Tests.GeneratorHarness;

namespace DefenderIosGen.Generator.Tests;

/// <summary>Each diagnostic of the catalog: its ID, its message and the YAML line and column it points at.</summary>
public sealed class DiagnosticTests
{
    private static IEnumerable<Diagnostic> DiagnosticsFor(params AdditionalText[] files) => Execute([Catalog(), .. files]).GeneratorDiagnostics;

    [Fact]
    public void Valid_rules_report_nothing_and_generate_the_mapper()
    {
        var run = Execute([Catalog(), Rules("ok.yaml", "rules:\n  - to: principal.hostname\n    from: properties.DeviceName\n")]);
        DiagnosticAssert.Exactly(run.GeneratorDiagnostics);
        Assert.Single(run.Result.GeneratedTrees);
    }

    [Fact]
    public void Yaml_syntax_error_is_DIG001_at_the_broken_node()
    {
        var diagnostics = DiagnosticsFor(Rules("broken.yaml", "rules:\n  - to: principal.hostname\n    from: [properties.DeviceName\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG001", "broken.yaml", 4, 1, "YAML syntax error"));
    }

    [Fact]
    public void Misspelt_key_is_DIG002_with_a_suggestion()
    {
        var diagnostics = DiagnosticsFor(Rules("typo.yaml", "rules:\n  - to: principal.hostname\n    form: properties.DeviceName\n"));
        DiagnosticAssert.Exactly(
            diagnostics,
            new Expected("DIG002", "typo.yaml", 3, 5, "Unknown key 'form' in a rule; expected one of: to, from, first_of, merge, labels, const, format, cases, when, convert, extract, priority, note; did you mean 'from'?"),
            new Expected("DIG009", "typo.yaml", 2, 5, "the rule for 'principal.hostname' has no value"));
    }

    [Fact]
    public void Unknown_udm_field_is_DIG003_with_the_closest_field()
    {
        var diagnostics = DiagnosticsFor(Rules("principal.yaml", "rules:\n  - to: principal.hostnme\n    from: properties.DeviceName\n"));
        DiagnosticAssert.Exactly(
            diagnostics,
            new Expected("DIG003", "principal.yaml", 2, 9, "'principal.hostnme' is not a UDM field: 'principal' (Noun) has no field 'hostnme'; did you mean 'principal.hostname'?"));
    }

    [Fact]
    public void Unknown_field_below_a_scalar_is_DIG003()
    {
        var diagnostics = DiagnosticsFor(Rules("deep.yaml", "rules:\n  - to: principal.hostname.value\n    from: properties.DeviceName\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG003", "deep.yaml", 2, 9, "'principal.hostname' (string) has no field 'value'"));
    }

    [Fact]
    public void Text_into_uint64_without_conversion_is_DIG004()
    {
        var diagnostics = DiagnosticsFor(Rules("size.yaml", "rules:\n  - to: target.process.file.size\n    from: properties.FileSize\n"));
        DiagnosticAssert.Exactly(
            diagnostics,
            new Expected("DIG004", "size.yaml", 2, 9, "Type mismatch on 'target.process.file.size' (uint64): text from properties.FileSize cannot be written to a uint64 field without a conversion; add 'convert: uint64'"));
    }

    [Fact]
    public void Conversion_producing_another_type_is_DIG004()
    {
        var diagnostics = DiagnosticsFor(Rules("pid.yaml", "rules:\n  - to: principal.process.pid\n    from: properties.ProcessId\n    convert: uint64\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG004", "pid.yaml", 2, 9, "'convert: uint64' of properties.ProcessId produces uint64"));
    }

    [Fact]
    public void Scalar_into_a_label_list_is_DIG004()
    {
        var diagnostics = DiagnosticsFor(Rules("labels.yaml", "rules:\n  - to: principal.resource.attribute.labels\n    from: properties.MachineGroup\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG004", "labels.yaml", 2, 9, "(a Label list): a single value cannot go into a Label list; use 'labels'"));
    }

    [Fact]
    public void Merge_into_a_single_field_is_DIG004()
    {
        var diagnostics = DiagnosticsFor(Rules("merge.yaml", "rules:\n  - to: principal.hostname\n    merge: [properties.DeviceName, properties.RemoteDeviceName]\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG004", "merge.yaml", 2, 9, "'merge' writes several values but the field holds one; use 'first_of'"));
    }

    [Fact]
    public void Enum_value_that_udm_does_not_define_is_DIG005()
    {
        var diagnostics = DiagnosticsFor(Rules("enum.yaml", "rules:\n  - to: network.direction\n    const: INCOMING\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG005", "enum.yaml", 3, 12, "'INCOMING' is not a value of Network.Direction (target 'network.direction')"));
    }

    [Fact]
    public void Misspelt_enum_value_in_cases_is_DIG005_with_a_suggestion()
    {
        var yaml = "flags:\n  has_url: { any_set: [target.url] }\nrules:\n  - to: target.url\n    from: properties.RemoteUrl\n  - to: metadata.event_type\n    cases:\n      - if: has_url\n        value: NETWORK_CONECTION\n      - value: GENERIC_EVENT\n";
        DiagnosticAssert.Exactly(DiagnosticsFor(Rules("cases.yaml", yaml)), new Expected("DIG005", "cases.yaml", 9, 16, "did you mean 'NETWORK_CONNECTION'?"));
    }

    [Fact]
    public void Copying_text_into_an_enum_is_DIG004()
    {
        var diagnostics = DiagnosticsFor(Rules("enumcopy.yaml", "rules:\n  - to: network.direction\n    from: properties.EmailDirection\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG004", "enumcopy.yaml", 2, 9, "an enum field takes constants"));
    }

    [Fact]
    public void Two_rules_writing_one_single_field_is_DIG006_at_both_places()
    {
        var first = Rules("a.yaml", "rules:\n  - to: principal.hostname\n    from: properties.DeviceName\n");
        var second = Rules("b.yaml", "rules:\n  - to: principal.hostname\n    from: properties.RemoteDeviceName\n");
        DiagnosticAssert.Exactly(
            DiagnosticsFor(first, second),
            new Expected("DIG006", "a.yaml", 2, 9, "'principal.hostname' is a single-valued UDM field also written by the rule at /repo/rules/mappings/b.yaml(2,9)"),
            new Expected("DIG006", "b.yaml", 2, 9, "also written by the rule at /repo/rules/mappings/a.yaml(2,9)"));
    }

    [Fact]
    public void Distinct_priorities_resolve_the_conflict()
    {
        var yaml = "rules:\n  - to: principal.hostname\n    from: properties.DeviceName\n    priority: 2\n  - to: principal.hostname\n    from: properties.RemoteDeviceName\n    priority: 1\n";
        DiagnosticAssert.Exactly(DiagnosticsFor(Rules("p.yaml", yaml)));
    }

    [Fact]
    public void Equal_priorities_still_conflict()
    {
        var yaml = "rules:\n  - to: principal.hostname\n    from: properties.DeviceName\n    priority: 1\n  - to: principal.hostname\n    from: properties.RemoteDeviceName\n    priority: 1\n";
        DiagnosticAssert.Exactly(
            DiagnosticsFor(Rules("p.yaml", yaml)),
            new Expected("DIG006", "p.yaml", 2, 9, "p.yaml(5,9)"),
            new Expected("DIG006", "p.yaml", 5, 9, "p.yaml(2,9)"));
    }

    [Fact]
    public void Same_label_key_twice_in_one_list_is_DIG007_at_both_places()
    {
        var yaml = "rules:\n  - to: additional.fields\n    labels:\n      - properties.MachineGroup\n      - other.MachineGroup\n";
        DiagnosticAssert.Exactly(
            DiagnosticsFor(Rules("dup.yaml", yaml)),
            new Expected("DIG007", "dup.yaml", 5, 9, "Label key 'MachineGroup' is written into 'additional' again by the rule at /repo/rules/mappings/dup.yaml(4,9)"),
            new Expected("DIG007", "dup.yaml", 4, 9, "dup.yaml(5,9)"));
    }

    [Fact]
    public void Invalid_regex_is_DIG008_at_the_pattern()
    {
        var yaml = "rules:\n  - to: principal.process.file.sha256\n    from: properties.SHA256\n    when: { matches: '^[0-9a-f{64}$' }\n";
        DiagnosticAssert.Exactly(DiagnosticsFor(Rules("re.yaml", yaml)), new Expected("DIG008", "re.yaml", 4, 22, "Invalid regular expression '^[0-9a-f{64}$'"));
    }

    [Fact]
    public void Invalid_extract_regex_is_DIG008()
    {
        var yaml = "rules:\n  - to: principal.user.windows_sid\n    from: properties.AccountSid\n    extract: 'S-(\\d+'\n";
        DiagnosticAssert.Exactly(DiagnosticsFor(Rules("sid.yaml", yaml)), new Expected("DIG008", "sid.yaml", 4, 14, "Invalid regular expression 'S-(\\d+'"));
    }

    [Fact]
    public void Rule_with_two_values_is_DIG009()
    {
        var yaml = "rules:\n  - to: principal.hostname\n    from: properties.DeviceName\n    const: phone\n";
        DiagnosticAssert.Exactly(DiagnosticsFor(Rules("two.yaml", yaml)), new Expected("DIG009", "two.yaml", 4, 5, "the rule for 'principal.hostname' has from and const; give exactly one"));
    }

    [Fact]
    public void Unknown_flag_is_DIG010()
    {
        var yaml = "flags:\n  has_url: { any_set: [target.url] }\nrules:\n  - to: target.url\n    from: properties.RemoteUrl\n  - to: metadata.event_type\n    cases:\n      - if: has_ulr\n        value: NETWORK_CONNECTION\n";
        DiagnosticAssert.Exactly(DiagnosticsFor(Rules("flag.yaml", yaml)), new Expected("DIG010", "flag.yaml", 8, 13, "Flag 'has_ulr' is not defined under 'flags'; did you mean 'has_url'?"));
    }

    [Fact]
    public void Missing_catalog_is_DIG011()
    {
        var run = Execute(Rules("only.yaml", "rules:\n  - to: principal.hostname\n    from: properties.DeviceName\n"));
        DiagnosticAssert.Exactly(run.GeneratorDiagnostics, new Expected("DIG011", "only.yaml", 1, 1, "no udm-catalog.yaml"));
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void Targeting_a_message_is_DIG012()
    {
        var diagnostics = DiagnosticsFor(Rules("msg.yaml", "rules:\n  - to: principal.user\n    from: properties.AccountName\n"));
        DiagnosticAssert.Exactly(diagnostics, new Expected("DIG012", "msg.yaml", 2, 9, "'principal.user' cannot be targeted: it is a message (User); write one of its fields"));
    }

    [Fact]
    public void Flag_reading_a_field_no_rule_writes_is_warning_DIG013()
    {
        var yaml = "flags:\n  has_user: { any_set: [principal.user.userid] }\nrules:\n  - to: metadata.event_type\n    cases:\n      - if: has_user\n        value: USER_UNCATEGORIZED\n      - value: GENERIC_EVENT\n";
        var run = Execute([Catalog(), Rules("warn.yaml", yaml)]);
        DiagnosticAssert.Exactly(run.GeneratorDiagnostics, new Expected("DIG013", "warn.yaml", 2, 25, "Flag 'has_user' reads 'principal.user.userid', which no rule writes"));
        Assert.Equal(DiagnosticSeverity.Warning, run.GeneratorDiagnostics.Single().Severity);
        Assert.Single(run.Result.GeneratedTrees);
    }

    [Fact]
    public void Errors_produce_no_mapper_source()
    {
        var run = Execute([Catalog(), Rules("bad.yaml", "rules:\n  - to: principal.hostnme\n    from: properties.DeviceName\n")]);
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Theory]
    [InlineData("rules: [")]
    [InlineData("rules:\n  - 42\n")]
    [InlineData("rules: nope")]
    [InlineData("- just a list")]
    [InlineData("rules:\n  - to: ''\n")]
    [InlineData("rules:\n  - to: a..b\n    from: x\n")]
    [InlineData("rules:\n  - to: principal.hostname\n    first_of: properties.DeviceName\n")]
    [InlineData("flags: [1, 2]\nrules: []\n")]
    [InlineData("embedded_json: properties.X\n")]
    [InlineData("rules:\n  - to: principal.asset.asset_id\n    format: 'DeviceId:%{properties.DeviceId'\n")]
    [InlineData("\t\u0000\u0001 garbage :: - [")]
    public void Malformed_rule_files_become_diagnostics_never_exceptions(string yaml)
    {
        var run = Execute([Catalog(), Rules("fuzz.yaml", yaml)]);
        Assert.NotEmpty(run.GeneratorDiagnostics);
        Assert.All(run.GeneratorDiagnostics, d => Assert.StartsWith("DIG0", d.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "DIG099");
    }
}
