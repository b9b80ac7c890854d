"""Drivers that run the published Python relation-interface libraries on one side of a
relation in Scenario, for the Rust implementations to be checked against."""

import warnings

# dpcharmlibs-interfaces trips a pydantic warning about its own type aliases when imported;
# every module of this package imports it after this line.
warnings.filterwarnings('ignore', module='pydantic')
