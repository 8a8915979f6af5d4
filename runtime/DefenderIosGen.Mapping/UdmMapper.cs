namespace DefenderIosGen.Mapping;

/// <summary>
/// The Defender → UDM mapper. Its body (reading, rule evaluation, writing) is generated at build time
/// from rules/mappings/*.yaml; see rules/README.md. One instance per thread; it reuses its buffers.
/// </summary>
public sealed partial class UdmMapper;
