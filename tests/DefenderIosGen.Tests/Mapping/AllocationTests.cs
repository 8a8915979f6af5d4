using System.Text;
using DefenderIosGen.Mapping;

namespace DefenderIosGen.Tests.Mapping;

/// <summary>
/// The mapper reuses its buffers: once warmed up on a set of records, mapping them again allocates nothing.
/// Measured with the runtime's per-thread allocation counter, which is exact and does not depend on timing.
/// </summary>
public sealed class AllocationTests
{
    [Fact]
    public void Mapping_allocates_nothing_per_record_in_steady_state()
    {
        var records = SampleFiles.AllRecordLines().Select(Encoding.UTF8.GetBytes).ToArray();
        Assert.True(records.Length >= 27);
        var mapper = new UdmMapper();
        long written = 0;
        for (var warmup = 0; warmup < 3; warmup++)
        {
            foreach (var record in records)
            {
                written += mapper.Map(record).UdmEvent.Length;
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 200; round++)
        {
            foreach (var record in records)
            {
                var result = mapper.Map(record);
                written += result.Success ? result.UdmEvent.Length : 0;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(written > 0);
        Assert.Equal(0, allocated);
    }
}
