// `@keyroll/runtime/oncall`: what an on-call engineer runs besides a rotation (undo).
export { type UndoRequest, type UndoResult, undoRotation } from './undo.ts';
