"""Drivers that run the published Python relation-interface libraries on one side of a
relation in Scenario, for the Rust implementations to be checked against."""
