namespace DefenderIosGen.Tests.Shared;

/// <summary>Finds files of this repository from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DefenderIosGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("DefenderIosGen.sln not found above " + AppContext.BaseDirectory);
    }
}
