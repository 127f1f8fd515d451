; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; Puts Anomaly Lens in Explorer's "Open with" list for CSV and TSV files. Unlike electron-builder's
; fileAssociations it never writes the extension's default value, so whichever app opens tables
; today keeps doing so.

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\AnomalyLens.Table" "" "Table (Anomaly Lens)"
  WriteRegStr SHELL_CONTEXT "Software\Classes\AnomalyLens.Table\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\AnomalyLens.Table\shell\open\command" "" '"$appExe" "%1"'
  WriteRegNone SHELL_CONTEXT "Software\Classes\.csv\OpenWithProgids" "AnomalyLens.Table"
  WriteRegNone SHELL_CONTEXT "Software\Classes\.tsv\OpenWithProgids" "AnomalyLens.Table"
!macroend

!macro customUnInstall
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.csv\OpenWithProgids" "AnomalyLens.Table"
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.tsv\OpenWithProgids" "AnomalyLens.Table"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\AnomalyLens.Table"
!macroend
