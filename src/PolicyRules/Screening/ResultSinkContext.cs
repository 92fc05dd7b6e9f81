using System.Collections.Immutable;
using PolicyRules.Compilation;

namespace PolicyRules.Screening;

/// <summary>
/// What an application's result sink (<see cref="ScreeningOptions.Sinks"/>) is made for: the programmes
/// screened, in the order of each row's outcomes, and the evaluation date.
/// </summary>
/// <param name="Programmes">
/// The programmes, in the order of <see cref="IResultSink.Write"/>'s outcomes; each one's declared
/// outputs (<c>Definition.Outputs</c>) follow each other in the row's outputs, programme after programme.
/// </param>
/// <param name="AsOf">The evaluation date.</param>
public sealed record ResultSinkContext(ImmutableArray<CompiledProgramme> Programmes, DateOnly AsOf);
