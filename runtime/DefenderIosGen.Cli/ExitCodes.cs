namespace DefenderIosGen.Cli;

/// <summary>Process exit codes, so scripts can tell a clean run from one that left dead letters.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int IoError = 1;
    public const int Usage = 2;
    public const int DeadLettered = 3;
}
