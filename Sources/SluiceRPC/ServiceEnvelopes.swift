import SluiceWire

extension AdminRequest.Call: RPCCallName {}
extension SchedulerRequest.Call: RPCCallName {}
extension CatalogRequest.Call: RPCCallName {}
extension ExecutorRequest.Call: RPCCallName {}

// The four services' envelopes. Each response's error is field 2 of its reply oneof, and every
// service has a health call.

extension AdminRequest: RPCRequestEnvelope {
    public static var healthCall: Call { .health(HealthRequest()) }
}
extension SchedulerRequest: RPCRequestEnvelope {
    public static var healthCall: Call { .health(HealthRequest()) }
}
extension CatalogRequest: RPCRequestEnvelope {
    public static var healthCall: Call { .health(HealthRequest()) }
}
extension ExecutorRequest: RPCRequestEnvelope {
    public static var healthCall: Call { .health(HealthRequest()) }
}

extension AdminResponse: RPCResponseEnvelope {
    public static func errorReply(_ error: ServiceError) -> Reply { .error(error) }
    public static func error(in reply: Reply) -> ServiceError? {
        if case .error(let error) = reply { error } else { nil }
    }
    public static func health(in reply: Reply) -> HealthResponse? {
        if case .health(let health) = reply { health } else { nil }
    }
}

extension SchedulerResponse: RPCResponseEnvelope {
    public static func errorReply(_ error: ServiceError) -> Reply { .error(error) }
    public static func error(in reply: Reply) -> ServiceError? {
        if case .error(let error) = reply { error } else { nil }
    }
    public static func health(in reply: Reply) -> HealthResponse? {
        if case .health(let health) = reply { health } else { nil }
    }
}

extension CatalogResponse: RPCResponseEnvelope {
    public static func errorReply(_ error: ServiceError) -> Reply { .error(error) }
    public static func error(in reply: Reply) -> ServiceError? {
        if case .error(let error) = reply { error } else { nil }
    }
    public static func health(in reply: Reply) -> HealthResponse? {
        if case .health(let health) = reply { health } else { nil }
    }
}

extension ExecutorResponse: RPCResponseEnvelope {
    public static func errorReply(_ error: ServiceError) -> Reply { .error(error) }
    public static func error(in reply: Reply) -> ServiceError? {
        if case .error(let error) = reply { error } else { nil }
    }
    public static func health(in reply: Reply) -> HealthResponse? {
        if case .health(let health) = reply { health } else { nil }
    }
}
