using static DefenderIosGen.Tests.Mapping.Records;

namespace DefenderIosGen.Tests.Mapping;

public sealed class EventTypeAndTimestampTests
{
    [Theory]
    [InlineData("\"SenderFromAddress\":\"a@b.example\",\"DeviceName\":\"d\",\"RemoteUrl\":\"u\"", "EMAIL_TRANSACTION")]
    [InlineData("\"InternetMessageId\":\"<m@x>\"", "EMAIL_TRANSACTION")]
    [InlineData("\"DeviceName\":\"iphone\",\"RemoteUrl\":\"https://x.example\"", "NETWORK_CONNECTION")]
    [InlineData("\"SenderIPv4\":\"10.0.0.1\",\"RecipientObjectId\":\"r\"", "NETWORK_CONNECTION")]
    [InlineData("\"DeviceName\":\"iphone\"", "STATUS_UPDATE")]
    [InlineData("\"InitiatingProcessAccountName\":\"jdoe\"", "STATUS_UPDATE")]
    [InlineData("\"InitiatingProcessAccountSid\":\"S-1-5-18\"", "STATUS_UPDATE")]
    [InlineData("\"DeviceId\":\"abc\"", "STATUS_UPDATE")]
    [InlineData("\"RemoteUrl\":\"https://x.example\"", "GENERIC_EVENT")]
    [InlineData("\"InitiatingProcessAccountSid\":\"no sid\"", "GENERIC_EVENT")]
    [InlineData("", "GENERIC_EVENT")]
    public void Event_type_follows_the_tables_order_of_cases(string properties, string expected)
    {
        Assert.Equal(expected, At(MapProperties(properties), "metadata.eventType"));
    }

    [Theory]
    [InlineData("\"Timestamp\":\"2026-07-18T14:03:27.1180000Z\"", "2026-07-18T14:03:27.118Z")]
    [InlineData("\"Timestamp\":\"2026-07-18T14:03:27Z\"", "2026-07-18T14:03:27Z")]
    [InlineData("\"Timestamp\":\"2026-07-18T14:03:27.1234567Z\"", "2026-07-18T14:03:27.123456700Z")]
    [InlineData("\"Timestamp\":\"2026-07-18T14:03:27.123456Z\"", "2026-07-18T14:03:27.123456Z")]
    [InlineData("\"Timestamp\":\"2026-07-18T16:03:27+02:00\"", "2026-07-18T14:03:27Z")]
    [InlineData("\"Timestamp\":\"2026-07-18T14:03:27\"", "2026-07-18T14:03:27Z")]
    public void Event_timestamp_is_rfc3339_utc(string properties, string expected)
    {
        Assert.Equal(expected, At(MapProperties(properties), "metadata.eventTimestamp"));
    }

    [Fact]
    public void Event_timestamp_falls_back_to_the_envelope_time_then_the_receipt_time()
    {
        Assert.Equal("2026-07-18T14:08:56.653Z", At(MapProperties("\"Timestamp\":null"), "metadata.eventTimestamp"));
        Assert.Equal("2026-07-18T14:08:56.653Z", At(MapProperties("\"Timestamp\":\"yesterday\""), "metadata.eventTimestamp"));
        var noTime = "{\"tenantId\":\"t\",\"_TimeReceivedBySvc\":\"2026-07-18T14:08:56.0000000\",\"properties\":{}}";
        Assert.Equal("2026-07-18T14:08:56Z", At(Map(noTime), "metadata.eventTimestamp"));
        Assert.Null(At(Map("{\"properties\":{\"Timestamp\":12345}}"), "metadata.eventTimestamp"));
    }
}
