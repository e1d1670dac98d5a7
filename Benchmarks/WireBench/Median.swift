import BenchSupport

func median(_ values: [Double]) -> Double { Samples(values).median }
