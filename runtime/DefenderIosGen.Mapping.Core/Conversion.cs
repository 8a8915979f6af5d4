namespace DefenderIosGen.Mapping;

/// <summary>What a rule's <c>convert:</c> asks for; names match the generator's ConversionKind.</summary>
public enum Conversion : byte
{
    Text,
    UInt64,
    Int64,
    UInt32,
    Int32,
    Timestamp,
    Bool,
}
