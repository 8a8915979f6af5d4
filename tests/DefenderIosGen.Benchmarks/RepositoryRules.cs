namespace DefenderIosGen.Benchmarks;

internal static class RepositoryRules
{
    /// <summary>rules/ of the checkout this benchmark runs from.</summary>
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DefenderIosGen.sln")))
                {
                    return Path.Combine(dir.FullName, "rules");
                }
            }

            throw new InvalidOperationException("run the benchmarks from a checkout of the repository");
        }
    }
}
