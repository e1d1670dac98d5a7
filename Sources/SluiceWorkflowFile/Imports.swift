// Workflow files are read into SluiceWire's specs and checked with SluiceCore's rules.
@_exported import SluiceCore
@_exported import SluiceWire
