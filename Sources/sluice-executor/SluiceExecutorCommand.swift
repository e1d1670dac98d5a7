// Placeholder until the executor lands.
@main
struct SluiceExecutorCommand {
    static func main() {}
}
