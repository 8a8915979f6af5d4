using static DefenderIosGen.Tests.Mapping.Records;

namespace DefenderIosGen.Tests.Mapping;

/// <summary>The logic of each row of the seed's mapping table, with the readings of the issue where the seed is ambiguous.</summary>
public sealed class SeedRowTests
{
    [Fact]
    public void Envelope_fields_are_copied_into_metadata()
    {
        var udm = MapProperties("\"InitiatingProcessVersionInfoProductVersion\":\"126.0.2592.102\"");
        Assert.Equal("t-1", At(udm, "metadata.productDeploymentId"));
        Assert.Equal("Publish", At(udm, "metadata.productEventType"));
        Assert.Equal("126.0.2592.102", At(udm, "metadata.productVersion"));
        Assert.Equal(["AdvancedHunting-DeviceEvents"], Strings(udm, "securityResult.0.categoryDetails"));
    }

    [Fact]
    public void Product_and_vendor_names_are_the_tables_constants_leading_space_included()
    {
        var udm = MapProperties("");
        Assert.Equal(" Microsoft Defender Endpoint", At(udm, "metadata.productName"));
        Assert.Equal("MICROSOFT_DEFENDER_ENDPOINT_IOS", At(udm, "metadata.vendorName"));
    }

    [Fact]
    public void Device_name_goes_to_principal_hostname_and_asset_hostname()
    {
        var udm = MapProperties("\"DeviceName\":\"iphone-jdoe\"");
        Assert.Equal("iphone-jdoe", At(udm, "principal.hostname"));
        Assert.Equal("iphone-jdoe", At(udm, "principal.asset.hostname"));
    }

    [Theory]
    [InlineData("\"DeviceName\":null")]
    [InlineData("\"DeviceName\":\"\"")]
    [InlineData("\"Other\":1")]
    public void Empty_sources_write_nothing_and_leave_no_empty_objects(string properties)
    {
        var udm = MapProperties(properties);
        Assert.Null(udm["principal"]);
        Assert.DoesNotContain("{}", udm.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345", "12345")]
    [InlineData("-2.5e3", "-2.5e3")]
    [InlineData("true", "true")]
    [InlineData("{ \"a\" : [1, {\"b\": null}] }", "{\"a\":[1,{\"b\":null}]}")]
    public void A_non_text_value_is_written_as_its_text(string json, string text)
    {
        Assert.Equal(text, At(MapProperties($"\"DeviceName\":{json}"), "principal.hostname"));
    }

    [Fact]
    public void Device_id_is_formatted_as_the_asset_id()
    {
        Assert.Equal("DeviceId:a3f5c9e1", At(MapProperties("\"DeviceId\":\"a3f5c9e1\""), "principal.asset.assetId"));
        Assert.Null(At(MapProperties("\"DeviceId\":null,\"DeviceName\":\"x\""), "principal.asset.assetId"));
    }

    [Theory]
    [InlineData("\"SenderFromDomain\":\"mail.example\",\"InitiatingProcessAccountDomain\":\"contoso\"", "mail.example")]
    [InlineData("\"SenderFromDomain\":\"\",\"InitiatingProcessAccountDomain\":\"contoso\"", "contoso")]
    [InlineData("\"SenderFromDomain\":null,\"InitiatingProcessAccountDomain\":\"contoso\"", "contoso")]
    [InlineData("\"InitiatingProcessAccountDomain\":\"contoso\"", "contoso")]
    public void Administrative_domain_takes_the_sender_domain_first(string properties, string expected)
    {
        Assert.Equal(expected, At(MapProperties(properties), "principal.administrativeDomain"));
    }

    [Theory]
    [InlineData("\"ThreatTypes\":\"Phish\",\"ThreatNames\":\"Qakbot\"", "Phish")]
    [InlineData("\"ThreatTypes\":\"\",\"ThreatNames\":\"Qakbot\"", "Qakbot")]
    [InlineData("\"ThreatTypes\":null,\"ThreatNames\":\"Qakbot\"", "Qakbot")]
    public void Threat_name_falls_back_from_types_to_names(string properties, string expected)
    {
        Assert.Equal(expected, At(MapProperties(properties), "securityResult.0.threatName"));
    }

    [Fact]
    public void Sender_ips_are_merged_in_table_order_without_empties_or_duplicates()
    {
        Assert.Equal(["198.51.100.25", "2001:db8::25"], Strings(MapProperties("\"SenderIPv4\":\"198.51.100.25\",\"SenderIPv6\":\"2001:db8::25\""), "principal.ip"));
        Assert.Equal(["2001:db8::25"], Strings(MapProperties("\"SenderIPv4\":null,\"SenderIPv6\":\"2001:db8::25\""), "principal.asset.ip"));
        Assert.Equal(["10.0.0.1"], Strings(MapProperties("\"SenderIPv4\":\"10.0.0.1\",\"SenderIPv6\":\"10.0.0.1\""), "principal.ip"));
    }

    [Fact]
    public void Upn_joins_the_email_addresses_only_when_it_looks_like_an_email()
    {
        var all = MapProperties("\"InitiatingProcessAccountUpn\":\"jdoe@contoso.com\",\"SenderMailFromAddress\":\"bounce@mail.example\",\"SenderFromAddress\":\"jdoe@contoso.com\"");
        Assert.Equal(["jdoe@contoso.com", "bounce@mail.example"], Strings(all, "principal.user.emailAddresses"));
        Assert.Empty(Strings(MapProperties("\"InitiatingProcessAccountUpn\":\"CONTOSO\\\\jdoe\""), "principal.user.emailAddresses"));
        Assert.Empty(Strings(MapProperties("\"InitiatingProcessAccountUpn\":\"jdoe@localhost\""), "principal.user.emailAddresses"));
        Assert.Equal(["a@b.example"], Strings(MapProperties("\"InitiatingProcessAccountUpn\":\"jdoe\",\"SenderFromAddress\":\"a@b.example\""), "principal.user.emailAddresses"));
    }

    [Theory]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", true)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", true)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555", false)]
    [InlineData("not-a-hash", false)]
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false)]
    public void Sha256_is_copied_only_when_it_is_64_hex_digits(string value, bool copied)
    {
        Assert.Equal(copied ? value : null, At(MapProperties($"\"InitiatingProcessSHA256\":\"{value}\""), "principal.process.file.sha256"));
    }

    [Theory]
    [InlineData("S-1-5-21-1004336348-1177238915-682003330-1104", "S-1-5-21-1004336348-1177238915-682003330-1104")]
    [InlineData("account jdoe (SID S-1-5-18)", "S-1-5-18")]
    [InlineData("S-1-5", null)]
    [InlineData("no sid here", null)]
    public void Windows_sid_is_extracted_from_the_value(string value, string? expected)
    {
        Assert.Equal(expected, At(MapProperties($"\"InitiatingProcessAccountSid\":\"{value}\""), "principal.user.windowsSid"));
    }

    [Theory]
    [InlineData("4312576", "4312576")]
    [InlineData("\"1361680\"", "1361680")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("\"1.4 MB\"", null)]
    [InlineData("-1", null)]
    [InlineData("1.5", null)]
    [InlineData("18446744073709551616", null)]
    [InlineData("true", null)]
    [InlineData("null", null)]
    public void File_size_is_written_only_when_it_is_an_unsigned_64_bit_integer(string json, string? expected)
    {
        // proto3 JSON writes uint64 as a decimal string.
        Assert.Equal(expected, At(MapProperties($"\"DeviceName\":\"d\",\"InitiatingProcessFileSize\":{json}"), "target.process.file.size"));
    }

    [Theory]
    [InlineData("4312", "4312")]
    [InlineData("\"77\"", "77")]
    public void Pids_are_written_as_text(string json, string expected)
    {
        var udm = MapProperties($"\"InitiatingProcessId\":{json},\"InitiatingProcessParentId\":{json}");
        Assert.Equal(expected, At(udm, "principal.process.pid"));
        Assert.Equal(expected, At(udm, "principal.process.parentProcess.pid"));
    }

    [Fact]
    public void Process_columns_are_copied()
    {
        var udm = MapProperties("\"InitiatingProcessCommandLine\":\"\\\"a.exe\\\" -x\",\"InitiatingProcessFolderPath\":\"C:\\\\a.exe\",\"InitiatingProcessMD5\":\"m\",\"InitiatingProcessSHA1\":\"s\",\"InitiatingProcessFileName\":\"a.exe\",\"InitiatingProcessParentFileName\":\"p.exe\",\"InitiatingProcessVersionInfoCompanyName\":\"Contoso\",\"InitiatingProcessAccountName\":\"jdoe\"");
        Assert.Equal("\"a.exe\" -x", At(udm, "principal.process.commandLine"));
        Assert.Equal("C:\\a.exe", At(udm, "principal.process.file.fullPath"));
        Assert.Equal("m", At(udm, "principal.process.file.md5"));
        Assert.Equal("s", At(udm, "principal.process.file.sha1"));
        Assert.Equal(["a.exe"], Strings(udm, "principal.process.file.names"));
        Assert.Equal("p.exe", At(udm, "principal.process.parentProcess.file.fullPath"));
        Assert.Equal("Contoso", At(udm, "principal.user.companyName"));
        Assert.Equal("jdoe", At(udm, "principal.user.userid"));
    }

    [Fact]
    public void Additional_fields_are_labels_keyed_by_the_last_path_segment()
    {
        var record = Envelope(
            "\"MachineGroup\":\"iOS devices\",\"IsProcessRemoteSession\":false,\"InitiatingProcessSessionId\":2,\"AdditionalFields\":\"{\\\"IsLocalLogon\\\":true}\",\"BulkComplaintLevel\":null",
            "\"_TimeReceivedBySvc\":\"2026-07-18T14:08:56.0000000\"");
        var additional = Map(record)["additional"]!.AsObject();
        Assert.Equal("2026-07-18T14:08:56.0000000", additional["_TimeReceivedBySvc"]!.GetValue<string>());
        Assert.Equal("iOS devices", additional["MachineGroup"]!.GetValue<string>());
        Assert.Equal("false", additional["IsProcessRemoteSession"]!.GetValue<string>());
        Assert.Equal("2", additional["InitiatingProcessSessionId"]!.GetValue<string>());
        Assert.Equal("{\"IsLocalLogon\":true}", additional["AdditionalFields"]!.GetValue<string>());
        Assert.False(additional.ContainsKey("BulkComplaintLevel"));
    }

    [Fact]
    public void Additional_fields_given_as_an_object_become_compact_json()
    {
        var additional = MapProperties("\"AdditionalFields\": { \"IsLocalDnsResolved\" : true, \"Names\": [ \"a\", \"b\\\"c\" ] }")["additional"]!.AsObject();
        Assert.Equal("{\"IsLocalDnsResolved\":true,\"Names\":[\"a\",\"b\\\"c\"]}", additional["AdditionalFields"]!.GetValue<string>());
    }

    [Fact]
    public void Authentication_details_in_a_string_give_spf_dkim_dmarc_and_compauth()
    {
        var additional = MapProperties("\"AuthenticationDetails\":\"{\\\"SPF\\\":\\\"fail\\\",\\\"DKIM\\\":\\\"none\\\",\\\"DMARC\\\":\\\"fail\\\",\\\"CompAuth\\\":\\\"fail\\\"}\"")["additional"]!.AsObject();
        Assert.Equal("fail", additional["SPF"]!.GetValue<string>());
        Assert.Equal("none", additional["DKIM"]!.GetValue<string>());
        Assert.Equal("fail", additional["DMARC"]!.GetValue<string>());
        Assert.Equal("fail", additional["CompAuth"]!.GetValue<string>());
    }

    [Fact]
    public void Authentication_details_as_an_object_give_the_same_labels()
    {
        var additional = MapProperties("\"AuthenticationDetails\":{\"SPF\":\"pass\",\"DKIM\":\"pass\",\"DMARC\":\"bestguesspass\",\"CompAuth\":\"pass\"}")["additional"]!.AsObject();
        Assert.Equal("pass", additional["SPF"]!.GetValue<string>());
        Assert.Equal("bestguesspass", additional["DMARC"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"not json\"")]
    [InlineData("\"{\\\"SPF\\\":\"")]
    [InlineData("42")]
    [InlineData("[\"SPF\"]")]
    public void Authentication_details_that_are_not_a_json_object_give_no_labels_and_no_error(string json)
    {
        var udm = MapProperties($"\"AuthenticationDetails\":{json},\"DeviceName\":\"d\"");
        Assert.Null(udm["additional"]?["SPF"]);
        Assert.Equal("d", At(udm, "principal.hostname"));
    }

    [Fact]
    public void Email_columns_map_to_network_email()
    {
        var udm = MapProperties("\"SenderFromAddress\":\"a@b.example\",\"InternetMessageId\":\"<m@x>\",\"Subject\":\"Hi \\u00fc \\ud83d\\udcf0\",\"RecipientEmailAddress\":\"c@d.example\",\"RecipientObjectId\":\"r-1\",\"SenderObjectId\":\"s-1\",\"SenderDisplayName\":\"A B\",\"SenderMailFromDomain\":\"b.example\"");
        Assert.Equal("a@b.example", At(udm, "network.email.from"));
        Assert.Equal("<m@x>", At(udm, "network.email.mailId"));
        Assert.Equal(["Hi ü 📰"], Strings(udm, "network.email.subject"));
        Assert.Equal(["c@d.example"], Strings(udm, "network.email.to"));
        Assert.Equal(["c@d.example"], Strings(udm, "target.user.emailAddresses"));
        Assert.Equal("r-1", At(udm, "target.user.productObjectId"));
        Assert.Equal("s-1", At(udm, "principal.user.productObjectId"));
        Assert.Equal("A B", At(udm, "principal.user.userDisplayName"));
        Assert.Equal(new Dictionary<string, string> { ["SenderMailFromDomain"] = "b.example" }, Labels(udm, "principal.user.attribute.labels"));
    }

    [Theory]
    [InlineData("Inbound", "INBOUND")]
    [InlineData("Outbound", null)]
    [InlineData("inbound", null)]
    [InlineData("Intra-org", null)]
    public void Direction_is_inbound_only_for_inbound_mail(string direction, string? expected)
    {
        Assert.Equal(expected, At(MapProperties($"\"EmailDirection\":\"{direction}\""), "network.direction"));
    }

    [Fact]
    public void Label_lists_carry_key_and_value()
    {
        var udm = Map(Envelope("\"ReportId\":26528,\"NetworkMessageId\":\"n-1\",\"AppGuardContainerId\":\"\",\"ProcessTokenElevation\":\"TokenElevationTypeFull\",\"InitiatingProcessCreationTime\":\"2026-07-18T13:02:11Z\",\"InitiatingProcessLogonId\":999", "\"Tenant\":\"DefaultTenant\""));
        Assert.Equal(new Dictionary<string, string> { ["ReportId"] = "26528", ["NetworkMessageId"] = "n-1", ["Tenant"] = "DefaultTenant" }, Labels(udm, "securityResult.0.detectionFields"));
        Assert.Equal(new Dictionary<string, string> { ["ProcessTokenElevation"] = "TokenElevationTypeFull" }, Labels(udm, "target.resource.attribute.labels"));
        Assert.Equal(new Dictionary<string, string> { ["InitiatingProcessCreationTime"] = "2026-07-18T13:02:11Z", ["InitiatingProcessLogonId"] = "999" }, Labels(udm, "principal.resource.attribute.labels"));
    }

    [Fact]
    public void Remote_url_is_the_target_url()
    {
        Assert.Equal("hxxp://paypa1.example/verify", At(MapProperties("\"RemoteUrl\":\"hxxp://paypa1.example/verify\""), "target.url"));
    }

    [Fact]
    public void Action_type_is_the_summary()
    {
        Assert.Equal("ConnectionSuccess", At(MapProperties("\"ActionType\":\"ConnectionSuccess\""), "securityResult.0.summary"));
    }
}
