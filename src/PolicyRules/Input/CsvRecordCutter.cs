namespace PolicyRules.Input;

/// <summary>A CSV record longer than the limit, cut out of the text before Sep saw it.</summary>
/// <param name="FirstLine">The line the record starts on.</param>
/// <param name="LastLine">The line it ends on (quoted line breaks, or a quote never closed, make it span several).</param>
/// <param name="Length">Its length in characters, without the final line break.</param>
/// <param name="Id">Its first cell (quotes removed, at most 64 characters): the row's id when the id is the first column.</param>
/// <param name="QuoteNeverClosed">The file ended inside a quoted cell of the record.</param>
internal sealed record CutRecord(int FirstLine, int LastLine, long Length, string Id, bool QuoteNeverClosed);

/// <summary>
/// Stands between the decoded text and Sep, and passes the text through unchanged except for records
/// (rows) longer than <see cref="MaxRecordChars"/>: Sep stops a whole run at a row of 16 MiB, so such a
/// record is cut out — replaced by as many empty lines (CRLF) as it spans, which keeps Sep's line numbers
/// those of the file — and reported in <see cref="Cuts"/> for the reader to reject. Records are
/// delimited exactly as Sep delimits them: every <c>"</c> toggles quoting, and outside quotes a CR,
/// an LF or a CRLF ends a record (inside quotes each of them is a line of the record).
/// Memory stays flat: only the current record is held, and no more than the limit of it; the rest of
/// an over-long record is scanned and dropped.
/// </summary>
internal sealed class CsvRecordCutter : TextReader
{
    /// <summary>
    /// The longest record read, in characters (8 MiB, half of Sep's buffer limit): real profile rows
    /// are a few hundred characters, and a longer record is a reject, never the end of a run.
    /// </summary>
    public const int MaxRecordChars = 8 * 1024 * 1024;

    private const int Chunk = 1 << 16;
    private const int IdLength = 64;

    private readonly TextReader _inner;
    private readonly int _limit;
    private readonly Queue<CutRecord> _cuts = new();
    private char[] _buffer = new char[Chunk];

    // [_out, _ready): checked records not yet handed to Sep. [_ready, _end): the current record, of
    // which [_ready, _scan) is scanned. While cutting, scanned characters are dropped at once.
    private int _out;
    private int _ready;
    private int _scan;
    private int _end;
    private bool _eof;

    private bool _inQuotes;
    private bool _afterCr; // the last character scanned was a CR: an LF now completes that line break
    private bool _afterLineBreak; // the last character scanned was a line break (CR or LF)
    private int _line = 1; // the line of the next character to scan
    private int _recordLine = 1;

    private bool _cutting;
    private int _cutFirst;
    private long _cutLength;
    private string _cutId = "";
    private bool _dropLf; // a cut record ended with a CR: an LF now is part of that break, already replaced
    private long _pendingBreaks; // characters of the empty lines (CRLF each) standing in for a cut record, still to hand out

    public CsvRecordCutter(TextReader inner, int limit = MaxRecordChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _inner = inner;
        _limit = limit;
    }

    /// <summary>Cut records not yet taken, in file order; each is known before Sep reads its stand-in lines.</summary>
    public Queue<CutRecord> Cuts => _cuts;

    /// <summary>The limit in force (lowered in tests).</summary>
    public int Limit => _limit;

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Peek()
    {
        while (_out == _ready && _pendingBreaks == 0)
        {
            if (!Fill())
            {
                return -1;
            }
        }

        return _out < _ready ? _buffer[_out] : _pendingBreaks % 2 == 0 ? '\r' : '\n';
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> destination)
    {
        var n = 0;
        var lastFromStandIn = false;
        var atEnd = false;
        while (n < destination.Length)
        {
            if (_out < _ready)
            {
                var k = Math.Min(_ready - _out, destination.Length - n);
                _buffer.AsSpan(_out, k).CopyTo(destination[n..]);
                _out += k;
                n += k;
                lastFromStandIn = false;
            }
            else if (_pendingBreaks > 0)
            {
                // CRLF: a CR just before cannot absorb it, nor can its LF absorb an LF after it.
                var k = (int)Math.Min(_pendingBreaks, destination.Length - n);
                for (var i = 0; i < k; i++)
                {
                    destination[n + i] = (_pendingBreaks - i) % 2 == 0 ? '\r' : '\n';
                }

                _pendingBreaks -= k;
                n += k;
                lastFromStandIn = true;
            }
            else if (n > 0 && destination[n - 1] != '\r')
            {
                break;
            }
            else if (!Fill())
            {
                atEnd = true;
                break;
            }
        }

        // Sep 0.17.1 reads a CR that ends one block and a CR that starts the next as one line break,
        // losing a line: a block handed out never ends with a CR, unless the text does.
        if (n > 1 && !atEnd && destination[n - 1] == '\r')
        {
            n--;
            if (lastFromStandIn)
            {
                _pendingBreaks++;
            }
            else
            {
                _out--;
            }
        }

        return n;
    }

    /// <summary>Makes progress: scans what is held, reads more, or ends the text. False at the end.</summary>
    private bool Fill()
    {
        Compact();
        if (_scan < _end)
        {
            Scan(); // what followed a cut record
            return true;
        }

        if (_eof)
        {
            if (_cutting)
            {
                // The file ended inside the record; a line break just before the end opens no line.
                var last = _afterLineBreak ? _line - 1 : _line;
                EndCut(Math.Max(last, _cutFirst), quoteNeverClosed: _inQuotes);
                return true;
            }

            if (_ready < _end)
            {
                _ready = _end; // the last record, without a final line break (within the limit, or it would be cut)
                return true;
            }

            return false;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, (long)_limit + Chunk + 1));
        }

        var read = _inner.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return true;
        }

        _end += read;
        Scan();
        return true;
    }

    /// <summary>Moves the unsent part of the buffer to its start (everything before <c>_out</c> was handed out).</summary>
    private void Compact()
    {
        if (_out == 0)
        {
            return;
        }

        Array.Copy(_buffer, _out, _buffer, 0, _end - _out);
        _ready -= _out;
        _scan -= _out;
        _end -= _out;
        _out = 0;
    }

    private void Scan()
    {
        if (_dropLf && _scan < _end)
        {
            _dropLf = false;
            if (_buffer[_scan] == '\n')
            {
                // The LF of the CRLF that ended a cut record: its stand-in line break is already given.
                Array.Copy(_buffer, _scan + 1, _buffer, _scan, _end - _scan - 1);
                _end--;
                _afterCr = false;
            }
        }

        while (_scan < _end)
        {
            var span = _buffer.AsSpan(_scan, _end - _scan);
            var k = span.IndexOfAny('"', '\r', '\n');
            if (k != 0)
            {
                _afterCr = false;
                _afterLineBreak = false;
            }

            if (k < 0)
            {
                _scan = _end;
                break;
            }

            var at = _scan + k;
            if (!_cutting && at - _ready > _limit)
            {
                StartCut();
            }

            _scan = at + 1;
            var ends = false;
            switch (_buffer[at])
            {
                case '"':
                    _inQuotes = !_inQuotes;
                    _afterCr = false;
                    _afterLineBreak = false;
                    break;
                case '\r':
                    _line++;
                    _afterCr = true;
                    _afterLineBreak = true;
                    ends = !_inQuotes;
                    break;
                default: // '\n'
                    _afterLineBreak = true;
                    if (_afterCr)
                    {
                        _afterCr = false;
                        if (!_inQuotes && !_cutting)
                        {
                            _ready = _scan; // the LF of a CRLF that ended the record just made ready
                        }
                    }
                    else
                    {
                        _line++;
                        ends = !_inQuotes;
                    }

                    break;
            }

            if (!ends)
            {
                continue;
            }

            if (_cutting)
            {
                _cutLength += at - _ready;
                DropScanned();
                EndCut(_line - 1, quoteNeverClosed: false);
                _dropLf = _afterCr;
                return; // the stand-in lines go out before anything after the record
            }

            _ready = _scan;
            _recordLine = _line;
        }

        if (!_cutting && _end - _ready > _limit)
        {
            StartCut();
        }

        if (_cutting)
        {
            _cutLength += _scan - _ready;
            DropScanned();
        }
    }

    private void StartCut()
    {
        _cutting = true;
        _cutFirst = _recordLine;
        _cutLength = 0;
        // The first limit + 1 characters are always held when a cut starts; the id is read from them.
        var head = _buffer.AsSpan(_ready, Math.Min(Math.Min(_end - _ready, _limit + 1), IdLength * 4));
        var cell = head.IndexOfAny(',', '\r', '\n') is var stop and >= 0 ? head[..stop] : head;
        var id = cell.ToString().Replace("\"", "", StringComparison.Ordinal).Trim();
        _cutId = TextDecoding.Printable(id.Length <= IdLength ? id : id[..IdLength]);
    }

    /// <summary>Drops the scanned characters of the record being cut, keeping what follows.</summary>
    private void DropScanned()
    {
        Array.Copy(_buffer, _scan, _buffer, _ready, _end - _scan);
        _end -= _scan - _ready;
        _scan = _ready;
    }

    private void EndCut(int lastLine, bool quoteNeverClosed)
    {
        _cuts.Enqueue(new CutRecord(_cutFirst, lastLine, _cutLength, _cutId, quoteNeverClosed));
        _pendingBreaks = 2L * (lastLine - _cutFirst + 1);
        _cutting = false;
        _inQuotes = false;
        _recordLine = lastLine + 1;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
