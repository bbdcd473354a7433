/// The version of `stance` and StanceKit.
public let version = "0.1.0"
