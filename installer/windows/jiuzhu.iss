; Inno Setup script for jiuzhu (乡镇社会救助工作台) on Windows.
; Build on Windows, from the repository root:
;   py -3.11 -m venv .venv && .venv\Scripts\pip install -e . pyinstaller
;   .venv\Scripts\pyinstaller --noconfirm --distpath build\dist installer\jiuzhu.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\windows\jiuzhu.iss
; Result: build\jiuzhu-setup-<version>.exe
;
; Installs per machine under Program Files, adds Start-menu and optional desktop shortcuts,
; creates a per-machine data folder (C:\ProgramData\jiuzhu) that every office user may write,
; and records it in jiuzhu-install.json beside jiuzhu.exe (app/bootstrap.py reads it).
; Uninstall removes the program and leaves the data folder (database, keys, backups) in place.

#define AppVersion "0.1.0"

[Setup]
AppId={{6F1D7B8E-3C55-4B8A-9C1F-2D0E5A7B9C11}
AppName=乡镇社会救助工作台
AppVersion={#AppVersion}
AppPublisher=jiuzhu
DefaultDirName={autopf}\jiuzhu
DefaultGroupName=乡镇社会救助工作台
PrivilegesRequired=admin
OutputDir=..\..\build
OutputBaseFilename=jiuzhu-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\jiuzhu.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\jiuzhu.exe

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "创建桌面快捷方式"; GroupDescription: "附加快捷方式："

[Dirs]
; per-machine data folder, writable by the office's users; never removed on uninstall
Name: "{commonappdata}\jiuzhu"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "..\..\build\dist\jiuzhu\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\乡镇社会救助工作台"; Filename: "{app}\jiuzhu.exe"; Parameters: "gui"; IconFilename: "{app}\jiuzhu.exe"
Name: "{group}\卸载乡镇社会救助工作台"; Filename: "{uninstallexe}"
Name: "{autodesktop}\乡镇社会救助工作台"; Filename: "{app}\jiuzhu.exe"; Parameters: "gui"; Tasks: desktopicon

[Code]
procedure CurStepChanged(CurStep: TSetupStep);
var
  DataDir: String;
begin
  if CurStep = ssPostInstall then
  begin
    DataDir := ExpandConstant('{commonappdata}\jiuzhu');
    StringChangeEx(DataDir, '\', '\\', True);
    SaveStringToFile(ExpandConstant('{app}\jiuzhu-install.json'),
      '{"data_dir": "' + DataDir + '"}', False);
  end;
end;

[UninstallDelete]
Type: files; Name: "{app}\jiuzhu-install.json"
