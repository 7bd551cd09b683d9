<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <location filename="../map/main.cpp" line="83"/>
        <source>Plot review</source>
        <translation>地块审查</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="71"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="72"/>
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="73"/>
        <source>Plots under review</source>
        <translation>开发地块</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="74"/>
        <source>Facilities</source>
        <translation>社区设施</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="75"/>
        <source>Parking</source>
        <translation>停车场</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="76"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="77"/>
        <source>Candidate sites</source>
        <translation>候选场地</translation>
    </message>
    <message>
        <location filename="../map/map_layout.cpp" line="82"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../map/map_layout.cpp" line="129"/>
        <source>cannot encode the PNG</source>
        <translation>无法编码 PNG</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="84"/>
        <source>compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="85"/>
        <source>short</source>
        <translation>不足</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="86"/>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="87"/>
        <source>unchecked</source>
        <translation>无法审查</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="41"/>
        <source>GCJ-02 offset undone</source>
        <translation>已纠正 GCJ-02 偏移</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="42"/>
        <source>BD-09 offset undone</source>
        <translation>已纠正 BD-09 偏移</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="77"/>
        <source>This plot</source>
        <translation>本地块</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="78"/>
        <source>Its community</source>
        <translation>所在社区</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="80"/>
        <source>Plot: %1</source>
        <translation>地块：%1</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="86"/>
        <source>CRS: CGCS2000 / EPSG:%1 (%2)</source>
        <translation>坐标系：CGCS2000 / EPSG:%1（%2）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="102"/>
        <source>Review of plot %1</source>
        <translation>地块 %1 审查结果</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="105"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="107"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="108"/>
        <location filename="../map/approval_report.cpp" line="233"/>
        <location filename="../map/approval_report.cpp" line="248"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="91"/>
        <source>outside every community</source>
        <translation>不在任何社区内</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="91"/>
        <source>not determined (see the reason)</source>
        <translation>无法确定（见理由）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="109"/>
        <source>Shares of the plot&apos;s area</source>
        <translation>地块面积所占比例</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="110"/>
        <location filename="../map/approval_report.cpp" line="234"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="111"/>
        <source>Required office space (㎡)</source>
        <translation>应配社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="112"/>
        <source>Reserved office space (㎡)</source>
        <translation>预留社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="113"/>
        <location filename="../map/approval_report.cpp" line="235"/>
        <source>Shortfall (㎡)</source>
        <translation>缺口（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="114"/>
        <source>Binding rule</source>
        <translation>起控制作用的规定</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="115"/>
        <location filename="../map/approval_report.cpp" line="207"/>
        <source>Rule pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="122"/>
        <source>Rules applied to the plot</source>
        <translation>适用于本地块的规定</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="124"/>
        <location filename="../map/approval_report.cpp" line="235"/>
        <source>Rule</source>
        <translation>规定</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="124"/>
        <source>Applies</source>
        <translation>是否适用</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="124"/>
        <source>Required ㎡</source>
        <translation>应配 ㎡</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="125"/>
        <source>Provided ㎡</source>
        <translation>提供 ㎡</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="125"/>
        <source>Shortfall ㎡</source>
        <translation>缺口 ㎡</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="126"/>
        <source>Source (mark)</source>
        <translation>出处（核实标记）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="130"/>
        <location filename="../map/approval_report.cpp" line="183"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="130"/>
        <source>not assessed (data missing)</source>
        <translation>未评估（缺少数据）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="130"/>
        <location filename="../map/approval_report.cpp" line="183"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="136"/>
        <source>No rule was evaluated: %1</source>
        <translation>未能评估任何规定：%1</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="144"/>
        <source>The community with the plots under review: %1</source>
        <translation>计入审查地块后的社区：%1</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="149"/>
        <source>Households existing / planned</source>
        <translation>现状户数 / 规划户数</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="150"/>
        <source>Community office space now (㎡)</source>
        <translation>现有社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="151"/>
        <source>+ %1 office(s) of unknown size</source>
        <translation>另有 %1 处用房面积不详</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="152"/>
        <source>Office space reserved by the plots under review (㎡)</source>
        <translation>审查地块预留的社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="153"/>
        <source>Required for the community (㎡)</source>
        <translation>社区应配（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="154"/>
        <source>Shortfall of the community (㎡)</source>
        <translation>社区缺口（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="156"/>
        <source>Operating funds in %1 (yuan per year)</source>
        <translation>%1 年工作经费（元/年）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="157"/>
        <source>Community rule</source>
        <translation>社区层面的规定</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="163"/>
        <source>Services within reach of the plot&apos;s households</source>
        <translation>本地块住户可达的公共服务</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="164"/>
        <source>Not computed: the project has no facilities of the kinds the standards give distances for.</source>
        <translation>未计算：项目中没有标准规定了服务距离的各类设施。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="165"/>
        <source>Distances from the plot to the nearest existing facility of each kind, walking along the road network (footways walked, motorways not) and in a straight line, against the standard&apos;s distance.</source>
        <translation>本地块到各类最近现有设施的距离：沿道路网步行（可走人行道，不走快速路）及直线距离，并与标准规定的距离比较。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="169"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="169"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="169"/>
        <source>Walking (m)</source>
        <translation>步行（米）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="170"/>
        <source>Straight line (m)</source>
        <translation>直线（米）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="170"/>
        <source>Served?</source>
        <translation>是否覆盖</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="175"/>
        <source>not measured: the plot has no households or no valid geometry</source>
        <translation>未测量：地块无户数或几何无效</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="179"/>
        <source>beyond %1 m</source>
        <translation>超过 %1 米</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="191"/>
        <source>Data sources and coordinate reference system</source>
        <translation>数据来源与坐标参考系</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="193"/>
        <source>Every layer was brought into it on reading; coordinates in this package are in metres of that zone.</source>
        <translation>各图层读取时均已转换至该坐标系；本材料中的坐标为该投影带的米制坐标。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="194"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="195"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="195"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="195"/>
        <source>Source CRS</source>
        <translation>原坐标系</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="198"/>
        <source>as the file declares</source>
        <translation>按文件声明</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="205"/>
        <source>Households estimated, not counted:</source>
        <translation>户数为估算值，非统计数：</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="213"/>
        <source>Numbers not yet verified against their documents:</source>
        <translation>尚未与原文件核实的数值：</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="217"/>
        <source>Marks: V verified against the document; P partly verified; U unverified.</source>
        <translation>标记：V 已与原文件核实；P 部分核实；U 未核实。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="218"/>
        <source>Prepared %1 with Community Planner %2.</source>
        <translation>%1 由社区规划 %2 生成。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="227"/>
        <source>Communities as they are</source>
        <translation>社区现状</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="228"/>
        <source>The project has no development plots under review: this package reviews its %1 communities on their existing buildings and community offices, under %2.</source>
        <translation>项目中没有待审查的开发地块：本材料按 %2 审查其 %1 个社区的现有建筑与社区用房。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="234"/>
        <source>Office now (㎡)</source>
        <translation>现有用房（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="234"/>
        <source>Required (㎡)</source>
        <translation>应配（㎡）</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="245"/>
        <source>Households within reach of each service</source>
        <translation>各项服务可达的户数比例</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="247"/>
        <source>Not computed: the project has no facilities or parking layer.</source>
        <translation>未计算：项目没有设施或停车图层。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="250"/>
        <source>, walking</source>
        <translation>，步行</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="268"/>
        <source>No facility of kind %1 in the project: every household counts as beyond reach.</source>
        <translation>项目中没有 %1 类设施：所有住户均计为不可达。</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="342"/>
        <source>Approval package</source>
        <translation>审批材料</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="364"/>
        <source>Approval package — plot %1 — %2</source>
        <translation>审批材料 — 地块 %1 — %2</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="365"/>
        <source>Communities overview — %1</source>
        <translation>社区概况 — %1</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="414"/>
        <source>Communities of %1</source>
        <translation>%1 的社区</translation>
    </message>
    <message>
        <location filename="../map/approval_report.cpp" line="464"/>
        <source>Plot %1 — %2</source>
        <translation>地块 %1 — %2</translation>
    </message>
</context>
<context>
    <name>cp::MainWindow</name>
    <message>
        <location filename="../map/main_window.cpp" line="88"/>
        <source>Community Planner</source>
        <translation>社区规划</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="94"/>
        <location filename="../map/main_window.cpp" line="96"/>
        <location filename="../map/main_window.cpp" line="1081"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="105"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="105"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="106"/>
        <source>Identify</source>
        <translation>要素信息</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="118"/>
        <location filename="../map/main_window.cpp" line="1140"/>
        <source>Plot</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="118"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="118"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="118"/>
        <location filename="../map/main_window.cpp" line="804"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="119"/>
        <source>Required m²</source>
        <translation>应配</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="119"/>
        <source>Reserved m²</source>
        <translation>预留</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="119"/>
        <source>Short m²</source>
        <translation>缺口</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="127"/>
        <source>Plot review</source>
        <translation>地块审查</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="154"/>
        <location filename="../map/main_window.cpp" line="165"/>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="164"/>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="167"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="211"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="212"/>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="213"/>
        <source>Export map (PNG, PDF)…</source>
        <translation>导出地图（PNG、PDF）…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="214"/>
        <source>Export layers (Shapefile, GeoPackage, GeoJSON, KML, DXF)…</source>
        <translation>导出图层（Shapefile、GeoPackage、GeoJSON、KML、DXF）…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="215"/>
        <source>Approval package (PDF)…</source>
        <translation>审批材料（PDF）…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="216"/>
        <source>Save project (edits and styles)</source>
        <translation>保存项目（编辑与样式）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="218"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="221"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="223"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="224"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="226"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="230"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="233"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="234"/>
        <source>Draw plot</source>
        <translation>绘制地块</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="240"/>
        <source>Click the corners of a new development plot; double-click to finish, Esc to drop it</source>
        <translation>依次点击新地块的角点，双击结束，按 Esc 放弃</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="246"/>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="247"/>
        <source>Facility coverage…</source>
        <translation>设施覆盖…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="248"/>
        <source>Site new facilities…</source>
        <translation>设施选址…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="250"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="251"/>
        <source>Zoom to full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="255"/>
        <location filename="../map/main_window.cpp" line="261"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="258"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="261"/>
        <source>The new language applies when Community Planner starts again.</source>
        <translation>新的语言将在重新启动社区规划后生效。</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="290"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="290"/>
        <source>Community Planner project (*.toml)</source>
        <translation>社区规划项目 (*.toml)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="296"/>
        <source>Reading the project…</source>
        <translation>正在读取项目…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="296"/>
        <location filename="../map/main_window.cpp" line="819"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="344"/>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="354"/>
        <source>Community Planner — %1</source>
        <translation>社区规划 — %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="452"/>
        <source>Style: %1</source>
        <translation>样式：%1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="473"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="474"/>
        <source>(one colour)</source>
        <translation>（单一颜色）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="481"/>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="482"/>
        <source>Stroke</source>
        <translation>边线</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="483"/>
        <source>Stroke width (px)</source>
        <translation>边线宽度（像素）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="484"/>
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="485"/>
        <source>Colour by</source>
        <translation>按字段着色</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="511"/>
        <source>Open a project first</source>
        <translation>请先打开项目</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="512"/>
        <source>A vector file is drawn over a project, in its coordinate system: open a project first.</source>
        <translation>矢量文件叠加在项目之上，使用项目的坐标系：请先打开一个项目。</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="521"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="757"/>
        <source>Edit %1 of %2</source>
        <translation>修改 %2 的 %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="784"/>
        <source>Draw plot %1</source>
        <translation>绘制地块 %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="792"/>
        <source>New plot</source>
        <translation>新地块</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="805"/>
        <source>Gross floor area m²</source>
        <translation>建筑面积</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="806"/>
        <source>Reserved office m²</source>
        <translation>社区用房</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="844"/>
        <source>The job did not complete</source>
        <translation>任务未完成</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1039"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <location filename="../map/main_window.cpp" line="1046"/>
        <source>Exported %n file(s)</source>
        <translation>
            <numerusform>已导出 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1053"/>
        <location filename="../map/main_window.cpp" line="1100"/>
        <source>Export layers</source>
        <translation>导出图层</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1064"/>
        <source>Plots with their review (verdicts, rules)</source>
        <translation>地块及审查结果（结论、规定）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1070"/>
        <source>GeoPackage (styled for QGIS)</source>
        <translation>GeoPackage（含 QGIS 样式）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1071"/>
        <source>ESRI Shapefile</source>
        <translation>ESRI Shapefile</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1074"/>
        <source>DXF (CAD)</source>
        <translation>DXF（CAD）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1082"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1083"/>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1084"/>
        <source>Shapefile encoding</source>
        <translation>Shapefile 编码</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1120"/>
        <source>Writing the approval package…</source>
        <translation>正在生成审批材料…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1130"/>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1135"/>
        <source>All plots</source>
        <translation>全部地块</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1140"/>
        <location filename="../map/main_window.cpp" line="1143"/>
        <source>Approval package</source>
        <translation>审批材料</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="887"/>
        <source>Computing coverage of %1…</source>
        <translation>正在计算 %1 覆盖…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="898"/>
        <source>Service areas: %1 (%2 m)</source>
        <translation>服务范围：%1（%2 米）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="900"/>
        <source>Uncovered: %1 (%L2 of %L3 households)</source>
        <translation>未覆盖建筑：%1（%L3 户中 %L2 户）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="913"/>
        <source>Choosing sites…</source>
        <translation>正在选址…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="927"/>
        <source>New sites: %1 (+%L2 households; %3)</source>
        <translation>新选址：%1（新增 %L2 户；%3）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="938"/>
        <source>Site new facilities</source>
        <translation>设施选址</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="938"/>
        <source>Facility coverage</source>
        <translation>设施覆盖</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="942"/>
        <source>Kind</source>
        <translation>设施类型</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="947"/>
        <source>Sites to add</source>
        <translation>新增数量</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="965"/>
        <source>CRS: EPSG:%1 · %2 · Community Planner</source>
        <translation>坐标系：EPSG:%1 · %2 · 社区规划</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="972"/>
        <source>Plot: %1</source>
        <translation>地块：%1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="983"/>
        <location filename="../map/main_window.cpp" line="986"/>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="988"/>
        <source>Plot review — %1</source>
        <translation>地块审查 — %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="999"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1000"/>
        <source>Width mm</source>
        <translation>宽</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1001"/>
        <source>Height mm</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1002"/>
        <source>DPI</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1012"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
</TS>
