using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PolicyRules.Model;

namespace PolicyRules.Analyzers;

/// <summary>
/// Runs the rule checker of the PolicyRules assembly that the project itself references, in an
/// isolated load context, so the build and <c>policyrules lint</c> share one implementation and a
/// project always gets the checks of the version it uses. Needs a .NET (Core) compiler host, as in
/// <c>dotnet build</c>; elsewhere <see cref="For"/> explains why it cannot run.
/// </summary>
internal sealed class LinterHost
{
    private static readonly ConcurrentDictionary<string, Lazy<(LinterHost? Host, string? Problem)>> Hosts = new(StringComparer.Ordinal);

    private readonly MethodInfo _read;
    private readonly MethodInfo? _readBytes;
    private readonly MethodInfo _check;
    private readonly MethodInfo _programmes;
    private readonly MethodInfo _suggest;
    private readonly MethodInfo? _checkFolders;
    private readonly MethodInfo? _programmesOfFolders;

    private LinterHost(Type linter, string key)
    {
        Key = key;
        _read = linter.GetMethod("Read")!;
        // Newer PolicyRules versions read a file's bytes, as the loader does (see Read below).
        _readBytes = linter.GetMethod("ReadBytes");
        _check = linter.GetMethod("Check")!;
        _programmes = linter.GetMethod("Programmes")!;
        _suggest = linter.GetMethod("Suggest")!;
        // Newer PolicyRules versions check several rules folders together (bundled + the app's own).
        _checkFolders = linter.GetMethod("CheckFolders");
        _programmesOfFolders = linter.GetMethod("ProgrammesOfFolders");
    }

    /// <summary>Which PolicyRules build this host runs: its path and module version id.</summary>
    public string Key { get; }

    /// <summary>
    /// Reads one file as the checker of the referenced PolicyRules reads it. The compiler decodes an
    /// additional file that is not valid UTF-8 (a GB18030 file) with a fallback — on Linux UTF-8 with
    /// U+FFFD for each bad sequence, on Windows the system's code page — giving a text that would pass
    /// here while the application's loader refuses the bytes. Such a text goes as bytes instead: a bad
    /// sequence as one byte no UTF-8 has, or the text in the code page it was decoded with, so the
    /// checker reports what the loader reports, where it reports it.
    /// </summary>
    /// <remarks>
    /// A file with a UTF-8 byte-order mark is decoded with replacement whatever it holds, so there a
    /// U+FFFD may be the file's own character: such a file is read as its text (a bad sequence in it is
    /// reported by the loader only).
    /// </remarks>
    public object Read(string path, SourceText text)
    {
        if (_readBytes is not null && text.Encoding is { } encoding)
        {
            if (encoding.CodePage != 65001)
            {
                return _readBytes.Invoke(null, [path, encoding.GetPreamble().Concat(encoding.GetBytes(text.ToString())).ToArray()])!;
            }

            var decoded = text.ToString();
            if (encoding.DecoderFallback is System.Text.DecoderReplacementFallback && encoding.GetPreamble().Length == 0 && decoded.IndexOf('\uFFFD') >= 0)
            {
                return _readBytes.Invoke(null, [path, WithBadBytes(decoded)])!;
            }
        }

        return _read.Invoke(null, [path, text.ToString()])!;
    }

    /// <summary>The text as UTF-8, each U+FFFD (where the compiler met a bad sequence) as the byte 0xFF, which no UTF-8 has.</summary>
    private static byte[] WithBadBytes(string text)
    {
        var bytes = new List<byte>(text.Length * 3);
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\uFFFD')
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text.Substring(start, i - start)));
                if (i < text.Length)
                {
                    bytes.Add(0xFF);
                }

                start = i + 1;
            }
        }

        return [.. bytes];
    }

    public string[][] Check(object[] files) => (string[][])_check.Invoke(null, [files])!;

    public string[][] Programmes(object[] files) => (string[][])_programmes.Invoke(null, [files])!;

    /// <summary>Checks files of several folders (<paramref name="folders"/>[i] is the folder of file i); an older PolicyRules checks them as one folder.</summary>
    public string[][] Check(object[] files, string[] folders) =>
        _checkFolders is null ? Check(files) : (string[][])_checkFolders.Invoke(null, [files, folders])!;

    public string[][] Programmes(object[] files, string[] folders) =>
        _programmesOfFolders is null ? Programmes(files) : (string[][])_programmesOfFolders.Invoke(null, [files, folders])!;

    /// <summary>"Did you mean": the checker's own suggestion, so build and lint suggest alike.</summary>
    public string? Suggest(string name, string[] candidates) => (string?)_suggest.Invoke(null, [name, candidates]);

    /// <summary>The host for the PolicyRules assembly referenced by <paramref name="compilation"/>.</summary>
    public static LinterHost? For(Compilation compilation, out string? problem)
    {
        var references = compilation.References.OfType<PortableExecutableReference>()
            .Where(r => r.FilePath is not null)
            .Select(r => r.FilePath!)
            .ToList();
        var reference = compilation.References.OfType<PortableExecutableReference>()
            .FirstOrDefault(r => r.FilePath is not null && string.Equals(Path.GetFileName(r.FilePath), "PolicyRules.dll", StringComparison.OrdinalIgnoreCase));
        if (reference is null)
        {
            problem = "the project does not reference PolicyRules.dll / 项目未引用 PolicyRules.dll";
            return null;
        }

        // Keyed by build, not just path: a PolicyRules.dll rebuilt in place (a project reference)
        // gets a new module version id and so a fresh load.
        var mvid = (reference.GetMetadata() as AssemblyMetadata)?.GetModules().FirstOrDefault()?.GetModuleVersionId() ?? Guid.Empty;
        var key = reference.FilePath + "|" + mvid.ToString("N");
        var entry = Hosts.GetOrAdd(key, k => new Lazy<(LinterHost?, string?)>(() => Load(reference.FilePath!, k, references)));
        problem = entry.Value.Problem;
        if (entry.Value.Host is null)
        {
            Hosts.TryRemove(key, out _); // a failed load (say, the file was locked mid-build) is tried again next time
        }

        return entry.Value.Host;
    }

    private static (LinterHost?, string?) Load(string path, string key, List<string> references)
    {
        var contextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
        if (contextType is null)
        {
            return (null, "this compiler host runs on .NET Framework; run 'dotnet build' or 'policyrules lint' / 当前编译宿主运行于 .NET Framework，无法检查；请运行 'dotnet build' 或 'policyrules lint'");
        }

        try
        {
            // Dependencies (System.Linq.Dynamic.Core, Sep) come from the project's own references,
            // or from beside PolicyRules.dll.
            var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var reference in references)
            {
                byName[Path.GetFileNameWithoutExtension(reference)] = reference;
            }

            var context = Activator.CreateInstance(contextType, "PolicyRules.Analyzers:" + path, false)!;
            var loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", [typeof(string)])!;
            var resolver = new Resolver(byName, Path.GetDirectoryName(path)!, context, loadFromPath);
            var handlerType = typeof(Func<,,>).MakeGenericType(contextType, typeof(AssemblyName), typeof(Assembly));
            var handler = Delegate.CreateDelegate(handlerType, resolver, typeof(Resolver).GetMethod(nameof(Resolver.Resolve))!);
            contextType.GetEvent("Resolving")!.AddEventHandler(context, handler);

            var assembly = (Assembly)loadFromPath.Invoke(context, [path])!;
            // RuleTesting since the one-way-flow layout; Rules before it (an older package beside newer analyzers).
            var linter = assembly.GetType("PolicyRules.RuleTesting.RuleLinter") ?? assembly.GetType("PolicyRules.Rules.RuleLinter");
            return linter is null
                ? (null, $"{path} has no rule checker (PolicyRules.RuleTesting.RuleLinter); update the package / {path} 不含规则检查器 (PolicyRules.RuleTesting.RuleLinter)，请更新该包")
                : (new LinterHost(linter, key), null);
        }
#pragma warning disable CA1031 // Any failure to load is reported as PR1000; none may escape as an analyzer crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var said = ForeignMessage.Quoted(ex.InnerException ?? ex);
            return (null, $"{path} could not be loaded: {said.En} / 无法加载 {path}：{said.Zh}");
        }
    }

    private sealed class Resolver(Dictionary<string, string> byName, string directory, object context, MethodInfo loadFromPath)
    {
        public Assembly? Resolve(object loadContext, AssemblyName name)
        {
            if (name.Name is null)
            {
                return null;
            }

            var candidate = byName.TryGetValue(name.Name, out var path) ? path : Path.Combine(directory, name.Name + ".dll");
            try
            {
                return (Assembly)loadFromPath.Invoke(context, [candidate])!;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is FileNotFoundException)
            {
                return null; // not ours to provide: the runtime reports the missing assembly
            }
        }
    }
}
