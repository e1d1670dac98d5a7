import SluiceCLI

@main
enum SluiceMain {
    static func main() async {
        await SluiceCommand.main()
    }
}
