// SluiceKit: the library Sluice's users import. It brings the wire's value types (Literal,
// LiteralType, the specs) and the core's checks with it.
@_exported import SluiceCore
@_exported import SluiceWire
@_exported import SluiceWorkflowFile
