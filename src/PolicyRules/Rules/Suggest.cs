namespace PolicyRules.Rules;

/// <summary>"Did you mean": the closest candidate by edit distance, when close enough to help.</summary>
internal static class Suggest
{
    /// <summary>"Unknown property "X" in a what; did you mean "Y"? Allowed: …", for a key outside <paramref name="allowed"/>.</summary>
    public static string UnknownProperty(string name, string[] allowed, Noun what, out string? suggestion)
    {
        suggestion = Closest(name, allowed);
        return $"Unknown property \"{name}\" in {what.En}{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} Allowed: {string.Join(", ", allowed)}."
            + $" / {what.Zh}中的未知属性 \"{name}\"{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")} 允许的属性：{string.Join("、", allowed)}。";
    }

    /// <summary>
    /// Names longer than this are neither suggested nor compared: "did you mean" costs at most
    /// MaxCompared² steps per visible name (at most <see cref="RuleFileReader.MaxParameters"/> parameters
    /// and the model's members), whatever the file holds.
    /// </summary>
    internal const int MaxCompared = 64;

    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        if (name.Length > MaxCompared)
        {
            return null; // no typo is that long; comparing it would cost its length times every name's
        }

        var words = Words(name);
        var upper = name.ToUpperInvariant();
        var maxDistance = Math.Max(2, name.Length / 3);
        foreach (var candidate in candidates)
        {
            // Bounded work per candidate: at most MaxCompared² steps, and none for a candidate whose
            // length alone puts it out of reach (the distance is at least the difference in length).
            if (candidate.Length > MaxCompared
                || (Math.Abs(candidate.Length - name.Length) > maxDistance && (words.Count < 2 || !ContainsInOrder(Words(candidate), words))))
            {
                continue;
            }

            var distance = Distance(upper, candidate.ToUpperInvariant());
            // Beyond a third of the name's length a spelling suggestion misleads more than it helps,
            // unless the name's words all appear in the candidate ("InnovationScore" → "InnovationCapabilityScore").
            var close = distance <= Math.Max(2, name.Length / 3) || (words.Count > 1 && ContainsInOrder(Words(candidate), words));
            if (close && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])) || name[i] is '_' or '.')
            {
                var word = name[start..i].Trim('_', '.');
                if (word.Length > 0)
                {
                    words.Add(word.ToUpperInvariant());
                }

                start = i;
            }
        }

        return words;
    }

    private static bool ContainsInOrder(List<string> haystack, List<string> needles)
    {
        var at = 0;
        foreach (var word in haystack)
        {
            if (at < needles.Count && word == needles[at])
            {
                at++;
            }
        }

        return at == needles.Count;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
