/// Conveniences for the Codable bridge, and `Codable` for `Literal` itself.
///
/// `Literal` conforms to `Codable` so that a user's struct may hold a `Literal` field and still
/// get synthesized conformance. The conformance works only with `LiteralEncoder` and
/// `LiteralDecoder`, which embed the literal as-is (they intercept it before `encode(to:)` runs,
/// and these implementations handle a direct call too). Other coders such as JSONEncoder get a
/// clear error: a general representation of blobs, errors, bytes and datetimes in foreign
/// formats would be a wire format of its own, which this bridge does not mean to define.
extension Literal: Codable {
    public init(from decoder: any Decoder) throws {
        guard let literalDecoder = decoder as? LiteralValueDecoder else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a Literal can be decoded only by LiteralDecoder, not by \(type(of: decoder))"))
        }
        self = literalDecoder.literal
    }

    public func encode(to encoder: any Encoder) throws {
        guard let literalEncoder = encoder as? LiteralValueEncoder else {
            throw EncodingError.invalidValue(self, .init(
                codingPath: encoder.codingPath,
                debugDescription: "a Literal can be encoded only by LiteralEncoder, not by \(type(of: encoder))"))
        }
        literalEncoder.slot.setSingle(self, at: encoder.codingPath)
    }
}

extension Literal {
    /// The literal `LiteralEncoder()` makes of `value`.
    public init<T: Encodable>(encoding value: T) throws {
        self = try LiteralEncoder().encode(value)
    }

    /// This literal decoded as `type` by `LiteralDecoder()`.
    public func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try LiteralDecoder().decode(type, from: self)
    }
}
