export {
  MAX_GRID_POINTS, MAX_VALUES_PER_PARAMETER, ParameterDimensionSchema, ParameterNameSchema, ParameterRangeSchema,
  expandGrid, gridPoint, gridSize, parameterDimension, parameterSpace, parseParameterSpace, parseParameterSpec,
  rangeValues, sampleParameterSets,
  type ParameterDimension, type ParameterDimensionInput, type ParameterRange, type ParameterSet, type ParameterSpace,
  type ParameterValue,
} from './parameter-space';
export { bestCandidate } from './selection';
export { walkForwardWindows, type IndexRange, type WalkForwardOptions, type WalkForwardWindow } from './walk-forward';
export { stitchEquitySegments, type EquitySegment, type StitchedCurve } from './stitch';
