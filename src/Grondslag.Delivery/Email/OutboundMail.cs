using MimeKit;

namespace Grondslag.Delivery.Email;

/// <summary>
/// A finished e-mail that may go to a mail server: composed by <see cref="ShareMailComposer"/> from a released share
/// or a withdrawal, or read back from an <see cref="Outbox.OutboxEntry"/> the outbox composed. The constructor is
/// internal, so <see cref="IMailTransport"/> can be handed nothing else. The bytes are kept, not the (mutable)
/// <see cref="MimeMessage"/>: <see cref="ToMimeMessage"/> parses a fresh copy each time. Immutable.
/// </summary>
public sealed class OutboundMail
{
    private readonly byte[] _bytes;

    internal OutboundMail(MimeMessage message)
    {
        using var payload = new MemoryStream();
        message.WriteTo(payload);
        _bytes = payload.ToArray();
        Destination = string.Join(", ", message.To.Mailboxes.Select(m => m.Address));
    }

    internal OutboundMail(ReadOnlyMemory<byte> bytes, string destination)
    {
        _bytes = bytes.ToArray();
        Destination = destination;
    }

    /// <summary>The recipient's address(es), as the message's <c>To</c> header names them.</summary>
    public string Destination { get; }

    internal ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>A fresh copy of the message (changing it changes nothing that is sent).</summary>
    public MimeMessage ToMimeMessage()
    {
        using var stream = new MemoryStream(_bytes, writable: false);
        return MimeMessage.Load(stream);
    }
}
